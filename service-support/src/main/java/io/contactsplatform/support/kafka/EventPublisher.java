package io.contactsplatform.support.kafka;

import io.contactsplatform.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes events to catalog topics, typed by {@link Topic}; completes when the broker has
 * acknowledged the record (acks=all), so callers can order "write, then publish, then ack".
 * {@code send} runs on a bounded-elastic thread: it may block on metadata or a full buffer, and
 * callers chaining a second publish after the first would otherwise call it on the producer's own
 * network thread, which then waits for metadata only it can fetch (a 60 s stall).
 */
public class EventPublisher {

  private final KafkaTemplate<String, Object> template;

  public EventPublisher(KafkaTemplate<String, Object> template) {
    this.template = template;
  }

  public <V extends SpecificRecord> Mono<Void> publish(Topic<V> topic, String key, V event) {
    return Mono.fromFuture(() -> template.send(topic.name(), key, event))
        .subscribeOn(Schedulers.boundedElastic())
        .then();
  }

  /**
   * As {@link #publish}, but sends on the subscribing thread, without the hand-off: for a
   * latency-bound caller that is never the producer's network thread (a listener's consumer thread,
   * for example) and may itself wait while the producer fetches metadata or its buffer is full.
   * The hand-off costs a thread wake-up per record.
   */
  public <V extends SpecificRecord> Mono<Void> publishOnCallingThread(Topic<V> topic, String key, V event) {
    return Mono.fromFuture(() -> template.send(topic.name(), key, event)).then();
  }

  /** Fetches the topic's metadata now (blocking), so the first send need not wait for it. */
  public void prepare(Topic<?> topic) {
    template.partitionsFor(topic.name());
  }
}
