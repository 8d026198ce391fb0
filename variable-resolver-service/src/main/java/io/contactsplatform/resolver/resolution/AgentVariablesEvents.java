package io.contactsplatform.resolver.resolution;

import io.contactsplatform.events.call.start.CallStart;
import io.contactsplatform.events.call.variables.AgentVariables;
import io.contactsplatform.events.call.variables.VariableTrace;
import io.contactsplatform.schemas.Topics;
import io.contactsplatform.support.kafka.EventPublisher;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Publishes a {@link Resolution} as the agent-variables answer to its call-start (key {@code workspace:callId}). */
@Component
class AgentVariablesEvents {

  static final String SOURCE = "variable-resolver-service";

  private final EventPublisher publisher;
  private final Clock clock;

  AgentVariablesEvents(EventPublisher publisher, Clock clock) {
    this.publisher = publisher;
    this.clock = clock;
  }

  Mono<Void> publish(CallStart start, Resolution r) {
    AgentVariables answer = AgentVariables.newBuilder()
        .setEventId(UUID.randomUUID())
        .setWorkspaceId(start.getWorkspaceId())
        .setOccurredAt(clock.instant())
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
    return publisher.publish(Topics.AGENT_VARIABLES, Topics.key(start.getWorkspaceId(), r.callId()), answer);
  }
}
