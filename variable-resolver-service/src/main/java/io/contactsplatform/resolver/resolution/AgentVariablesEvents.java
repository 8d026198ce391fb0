package io.contactsplatform.resolver.resolution;

import io.contactsplatform.events.call.variables.AgentVariables;
import io.contactsplatform.events.call.variables.VariableTrace;
import io.contactsplatform.schemas.Topics;
import io.contactsplatform.support.kafka.EventPublisher;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Builds a {@link Resolution} into its agent-variables event, and publishes it keyed
 * {@code workspace:callId}: on the call-starts consumer's own thread when nothing before it left
 * that thread (an answer is latency-bound; a hand-off cost a thread wake-up per call), else (a store
 * read completed on the driver's thread) after a hand-off. The topic's metadata is fetched once the application is ready, so a call does not wait
 * for it; if the broker is unreachable then, the first answer waits instead.
 */
@Component
class AgentVariablesEvents {

  private static final Logger log = LoggerFactory.getLogger(AgentVariablesEvents.class);

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
        .setTrace(r.trace().stream().map(t -> new VariableTrace(t.name(), t.layer(), t.detail())).toList())
        .setMissing(r.missing())
        .setDefaultsUsed(r.defaultsUsed())
        .build();
  }

  /**
   * Publishes the answer, on the calling thread when {@code onCallingThread} (the caller is a
   * consumer thread, which may wait), otherwise after a hand-off to a bounded-elastic thread (the
   * caller may be the store driver's thread, which must not wait on the producer).
   */
  Mono<Void> publish(AgentVariables answer, boolean onCallingThread) {
    String key = Topics.key(answer.getWorkspaceId(), answer.getCallId());
    return onCallingThread ? publisher.publishOnCallingThread(Topics.AGENT_VARIABLES, key, answer)
        : publisher.publish(Topics.AGENT_VARIABLES, key, answer);
  }

  @EventListener(ApplicationReadyEvent.class)
  void prepare() {
    Mono.fromRunnable(() -> publisher.prepare(Topics.AGENT_VARIABLES))
        .subscribeOn(Schedulers.boundedElastic())
        .subscribe(done -> { }, e -> log.warn("agent-variables metadata not fetched yet: {}", e.toString()));
  }
}
