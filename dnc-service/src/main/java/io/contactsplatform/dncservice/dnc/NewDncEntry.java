package io.contactsplatform.dncservice.dnc;

/**
 * Body of {@code POST /v1/dnc}: phone in any format (region from {@code defaultRegion}, else US);
 * optional {@code campaignId} (the entry then blocks only that campaign; {@code scope} CAMPAIGN or
 * WORKSPACE may also be given explicitly); source (default MANUAL); reason (required); actor
 * (default "api"); optional ISO-8601 {@code expiresAt}. Enums and the timestamp are text so that
 * a bad value is a 422 naming the field rather than an unreadable body.
 */
record NewDncEntry(String phone, String defaultRegion, String scope, String campaignId, String source,
                   String reason, String actor, String expiresAt) {
}
