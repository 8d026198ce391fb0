package io.contactsplatform.resolver.resolution;

import java.time.Instant;
import java.util.Map;

/**
 * Body of {@code POST /v1/resolve}: like a call-start, minus the envelope, plus an optional
 * {@code at} (ISO instant, default now) to resolve as of another moment. {@code callId} defaults
 * to a random UUID; runtime variable values may be strings, numbers or booleans.
 */
record ResolveBody(String callId, String campaignId, String phone, String contactId,
                   Map<String, Object> runtimeVariables, Instant at) {
}
