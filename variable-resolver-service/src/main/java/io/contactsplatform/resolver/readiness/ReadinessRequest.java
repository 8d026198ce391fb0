package io.contactsplatform.resolver.readiness;

import java.time.Instant;

/**
 * Body of {@code POST /v1/campaigns/{campaignId}/readiness}: the audience, exactly one of
 * {@code importId} (the numbers an import with a campaign put on audience-rows) or
 * {@code segmentId} (contact-service's segment members); optionally {@code at} (ISO instant,
 * default now) and {@code sampleSize} (sample contacts per group, 1-50, default 5).
 */
record ReadinessRequest(String importId, String segmentId, Instant at, Integer sampleSize) {
}
