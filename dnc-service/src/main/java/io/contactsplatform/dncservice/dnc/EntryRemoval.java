package io.contactsplatform.dncservice.dnc;

/**
 * Body of the first-version {@code DELETE /v1/dnc/entries/{entryId}}: why (required); {@code actor} is
 * accepted and ignored (the removal's actor is the caller's API key name).
 */
record EntryRemoval(String reason,
                    @io.swagger.v3.oas.annotations.media.Schema(deprecated = true, description = DncController.IGNORED_ACTOR)
                    String actor) {
}
