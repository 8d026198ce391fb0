package io.contactsplatform.dncservice.dnc;

/** Body of {@code DELETE /v1/dnc/entries/{entryId}}: why and by whom (both required). */
record EntryRemoval(String reason, String actor) {
}
