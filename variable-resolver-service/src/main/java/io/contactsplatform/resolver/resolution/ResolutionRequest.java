package io.contactsplatform.resolver.resolution;

import io.contactsplatform.events.call.start.CallStart;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a resolution starts from, whether it came from a call-start event or a REST preview:
 * the workspace (from the event or the API key), call and campaign ids, the number in any
 * format, an optional contact id and the call's runtime variables. A call-start also carries its
 * {@code occurredAt} and the {@code maxAge} it may reach before it is answered EXPIRED; both are null
 * for previews and readiness reports, which never expire.
 */
public record ResolutionRequest(String workspaceId, String callId, String callStartEventId, String campaignId,
                                String phone, String contactId, Map<String, String> runtimeVariables,
                                Instant occurredAt, Duration maxAge) {

  public ResolutionRequest {
    contactId = contactId == null || contactId.isBlank() ? null : contactId;
    runtimeVariables = runtimeVariables == null ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(runtimeVariables));
  }

  /** A request that never expires (a preview or a readiness report). */
  public ResolutionRequest(String workspaceId, String callId, String callStartEventId, String campaignId,
                           String phone, String contactId, Map<String, String> runtimeVariables) {
    this(workspaceId, callId, callStartEventId, campaignId, phone, contactId, runtimeVariables, null, null);
  }

  /** A call-start's request: EXPIRED once it is older than {@code maxAge}. */
  static ResolutionRequest of(CallStart start, Duration maxAge) {
    return new ResolutionRequest(start.getWorkspaceId(), start.getCallId(), start.getEventId().toString(),
        start.getCampaignId(), start.getPhone(), start.getContactId(), start.getRuntimeVariables(),
        start.getOccurredAt(), maxAge);
  }
}
