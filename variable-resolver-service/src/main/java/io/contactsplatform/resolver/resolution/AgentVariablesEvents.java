package io.contactsplatform.resolver.resolution;

import io.contactsplatform.events.call.variables.AgentVariables;
import io.contactsplatform.events.call.variables.VariableTrace;
import io.contactsplatform.schemas.Topics;
import io.contactsplatform.support.kafka.EventPublisher;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Builds a {@link Resolution} into its agent-variables event, and publishes it keyed {@code workspace:callId}. */
@Component
class AgentVariablesEvents {

  static final String SOURCE = "variable-resolver-service";

  private final EventPublisher publisher;

  AgentVariablesEvents(EventPublisher publisher) {
    this.publisher = publisher;
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
        .setTrace(r.trace().stream()
            .map(t -> VariableTrace.newBuilder().setName(t.name()).setLayer(t.layer()).setDetail(t.detail()).build())
            .toList())
        .setMissing(r.missing())
        .setDefaultsUsed(r.defaultsUsed())
        .build();
  }

  Mono<Void> publish(AgentVariables answer) {
    return publisher.publish(Topics.AGENT_VARIABLES, Topics.key(answer.getWorkspaceId(), answer.getCallId()), answer);
  }
}
