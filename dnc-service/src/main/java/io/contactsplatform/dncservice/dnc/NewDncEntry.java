package io.contactsplatform.dncservice.dnc;

/**
 * Body of {@code POST /v1/dnc}: phone in any format (region from {@code defaultRegion}, else US);
 * optional {@code campaignId} (the entry then blocks only that campaign; {@code scope} CAMPAIGN or
 * WORKSPACE may also be given explicitly); source (default MANUAL); reason (required); optional
 * ISO-8601 {@code expiresAt}. {@code actor} is accepted for older clients and ignored: the entry's
 * actor is the name of the caller's API key. Enums and the timestamp are text so that
 * a bad value is a 422 naming the field rather than an unreadable body.
 */
record NewDncEntry(String phone, String defaultRegion, String scope, String campaignId, String source,
                   String reason,
                   @io.swagger.v3.oas.annotations.media.Schema(deprecated = true, description = DncController.IGNORED_ACTOR)
                   String actor,
                   String expiresAt) {
}
