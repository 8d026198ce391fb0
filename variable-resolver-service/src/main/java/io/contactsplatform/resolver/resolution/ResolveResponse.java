package io.contactsplatform.resolver.resolution;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A resolution as the preview API returns it: the same content as the agent-variables event. */
record ResolveResponse(String callId, String campaignId, String contactId, String phone, String status,
                       String reason, Instant nextAllowedAt, Map<String, String> variables, List<Trace> trace,
                       List<String> missing, List<String> defaultsUsed) {

  record Trace(String name, String layer, String detail) {
  }

  static ResolveResponse of(Resolution r) {
    return new ResolveResponse(r.callId(), r.campaignId(), r.contactId(), r.phoneE164(), r.status().name(),
        r.reason(), r.nextAllowedAt(), r.variables(),
        r.trace().stream().map(t -> new Trace(t.name(), t.layer().name(), t.detail())).toList(),
        r.missing(), r.defaultsUsed());
  }
}
