package io.contactsplatform.support.kafka;

import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * The bridge from a {@code @KafkaListener} method to reactive service code: subscribes to the
 * work and waits for it on the consumer thread, so a failure reaches the container's
 * {@code DefaultErrorHandler} (bounded retries, then {@code <topic>.DLT} with a reason) and the
 * offset is committed only after the work is done.
 *
 * <p>Why listeners do not return the {@code Mono}: in spring-kafka 4.0.6 a failed async result is
 * handed to the container's error handler only for {@code @RetryableTopic} listeners; for every
 * other listener it is logged and acknowledged, i.e. the record is lost. Blocking costs little:
 * a Mono-returning listener also keeps only one record in flight per partition. The timeout stays
 * well under {@code max.poll.interval.ms} (5 min) across the error handler's retries.
 */
public final class ListenerCompletion {

  /** Longest a single record's work may take before it counts as failed. */
  public static final Duration TIMEOUT = Duration.ofSeconds(60);

  private ListenerCompletion() {
  }

  /** Runs {@code work} (subscribed lazily) and rethrows its error to the listener container. */
  public static void await(Mono<Void> work) {
    Mono.defer(() -> work).block(TIMEOUT);
  }
}
