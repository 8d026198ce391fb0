package io.contactsplatform.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.contactsplatform.events.call.variables.AgentVariables;
import io.contactsplatform.schemas.Topics;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

class EventPublisherTest {

  @SuppressWarnings("unchecked")
  private final KafkaTemplate<String, Object> template = mock(KafkaTemplate.class);
  private final EventPublisher publisher = new EventPublisher(template);
  private final AtomicReference<String> sendingThread = new AtomicReference<>();

  EventPublisherTest() {
    when(template.send(eq(Topics.AGENT_VARIABLES.name()), eq("ws:call-1"), any())).thenAnswer(invocation -> {
      sendingThread.set(Thread.currentThread().getName());
      return CompletableFuture.completedFuture((SendResult<String, Object>) null);
    });
  }

  @Test
  void shouldSendOnTheSubscribingThreadWhenAskedTo() {
    publisher.publishOnCallingThread(Topics.AGENT_VARIABLES, "ws:call-1", new AgentVariables()).block(Duration.ofSeconds(5));

    assertThat(sendingThread.get()).isEqualTo(Thread.currentThread().getName());
  }

  @Test
  void shouldSendOnABoundedElasticThreadByDefault() {
    publisher.publish(Topics.AGENT_VARIABLES, "ws:call-1", new AgentVariables()).block(Duration.ofSeconds(5));

    assertThat(sendingThread.get()).startsWith("boundedElastic-").isNotEqualTo(Thread.currentThread().getName());
  }

  @Test
  void shouldFailWhenTheBrokerDoesNotAcknowledge() {
    when(template.send(eq(Topics.AGENT_VARIABLES.name()), eq("ws:call-2"), any()))
        .thenReturn(CompletableFuture.failedFuture(new IllegalStateException("not acknowledged")));

    AtomicReference<Throwable> failure = new AtomicReference<>();
    publisher.publishOnCallingThread(Topics.AGENT_VARIABLES, "ws:call-2", new AgentVariables())
        .doOnError(failure::set).onErrorResume(e -> reactor.core.publisher.Mono.empty()).block(Duration.ofSeconds(5));

    assertThat(failure.get()).hasMessageContaining("not acknowledged");
  }
}
