package io.contactsplatform.resolver.resolution;

import io.contactsplatform.events.call.variables.AgentVariables;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The agent-variables event as JSON, field for field (the preview's answer has the event's shape;
 * {@code eventId} and {@code callStartEventId} are null because nothing is published).
 */
record AgentVariablesView(String eventId, String workspaceId, Instant occurredAt, String source, String callId,
                          String callStartEventId, String campaignId, String contactId, String phoneE164,
                          String status, String reason, Instant nextAllowedAt, Map<String, String> variables,
                          List<Trace> trace, List<String> missing, List<String> defaultsUsed) {

  @Schema(name = "VariableTrace")
  record Trace(String name, String layer, String detail) {
  }

  /** A preview: the event that would be published, without an eventId of its own. */
  static AgentVariablesView preview(AgentVariables e) {
    return new AgentVariablesView(null, e.getWorkspaceId(),
        e.getOccurredAt(), e.getSource(), e.getCallId(), e.getCallStartEventId(), e.getCampaignId(),
        e.getContactId(), e.getPhoneE164(), e.getStatus().name(), e.getReason(), e.getNextAllowedAt(),
        new java.util.TreeMap<>(e.getVariables()),
        e.getTrace().stream().map(t -> new Trace(t.getName(), t.getLayer().name(), t.getDetail())).toList(),
        e.getMissing(), e.getDefaultsUsed());
  }
}
