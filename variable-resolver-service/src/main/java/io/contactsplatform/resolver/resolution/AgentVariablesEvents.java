package io.contactsplatform.resolver.resolution;

import io.contactsplatform.events.call.variables.AgentVariables;
import io.contactsplatform.events.call.variables.VariableTrace;
import java.time.Instant;
import java.util.UUID;

/**
 * Builds a {@link Resolution} into its agent-variables event (the call-start topology publishes
 * it keyed {@code workspace:callId}; the REST preview shows it without publishing).
 */
final class AgentVariablesEvents {

  static final String SOURCE = "variable-resolver-service";

  private AgentVariablesEvents() {
  }

  /** The answer as an event. */
  static AgentVariables toEvent(String workspaceId, Resolution r, UUID eventId, Instant occurredAt) {
    return AgentVariables.newBuilder()
        .setEventId(eventId)
        .setWorkspaceId(workspaceId)
        .setOccurredAt(occurredAt)
        .setSource(SOURCE)
        .setCallId(r.callId())
        .setCallStartEventId(r.callStartEventId())
        .setCampaignId(r.campaignId())
        .setContactId(r.contactId())
        .setPhoneE164(r.phoneE164())
        .setStatus(r.status())
        .setReason(r.reason())
        .setNextAllowedAt(r.nextAllowedAt())
        .setVariables(r.variables())
        .setTrace(r.trace().stream().map(t -> new VariableTrace(t.name(), t.layer(), t.detail())).toList())
        .setMissing(r.missing())
        .setDefaultsUsed(r.defaultsUsed())
        .build();
  }
}
