package io.contactsplatform.resolver.resolution;

import io.contactsplatform.events.call.start.CallStart;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a resolution starts from, whether it came from a call-start event or a REST preview:
 * the workspace (from the event or the API key), call and campaign ids, the number in any
 * format, an optional contact id and the call's runtime variables.
 */
public record ResolutionRequest(String workspaceId, String callId, String callStartEventId, String campaignId,
                                String phone, String contactId, Map<String, String> runtimeVariables) {

  public ResolutionRequest {
    contactId = contactId == null || contactId.isBlank() ? null : contactId;
    runtimeVariables = runtimeVariables == null ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(runtimeVariables));
  }

  static ResolutionRequest of(CallStart start) {
    return new ResolutionRequest(start.getWorkspaceId(), start.getCallId(), start.getEventId().toString(),
        start.getCampaignId(), start.getPhone(), start.getContactId(), start.getRuntimeVariables());
  }
}
