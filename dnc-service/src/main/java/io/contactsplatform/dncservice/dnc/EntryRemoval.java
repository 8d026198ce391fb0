package io.contactsplatform.dncservice.dnc;

/** Body of the first-version {@code DELETE /v1/dnc/entries/{entryId}}: why (required) and by whom (default "api"). */
record EntryRemoval(String reason, String actor) {
}
