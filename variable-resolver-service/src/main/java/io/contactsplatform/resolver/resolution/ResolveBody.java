package io.contactsplatform.resolver.resolution;

import java.util.Map;

/**
 * Body of {@code POST /v1/resolve}: like a call-start, minus the envelope. {@code callId}
 * defaults to a random UUID; runtime variable values may be strings, numbers or booleans.
 */
record ResolveBody(String callId, String campaignId, String phone, String contactId,
                   Map<String, Object> runtimeVariables) {
}
