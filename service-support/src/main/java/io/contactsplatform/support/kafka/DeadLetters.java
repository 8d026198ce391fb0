package io.contactsplatform.support.kafka;

import io.contactsplatform.schemas.InvalidEventException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.contactsplatform.schemas.Topic;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.serializer.DeserializationException;

/**
 * Recoverer that publishes a failed record unchanged to {@code <topic>.DLT} with spring-kafka's
 * exception headers ({@code kafka_dlt-exception-fqcn}, original topic/partition/offset, …) plus
 * {@value #REASON_HEADER}: the contract violation or the root cause in one line. Counts every
 * dead letter ({@code platform.kafka.dead.letters}, tagged by topic and kind) and logs topic,
 * partition, offset and reason, never the payload. A {@link DeadLetterLedger} makes it publish a
 * record once, however often it is read again.
 */
public class DeadLetters implements ConsumerRecordRecoverer {

  /** Header carrying why the record was dead-lettered. */
  public static final String REASON_HEADER = "dlt-reason";

  private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

  private final DeadLetterPublishingRecoverer publisher;
  private final MeterRegistry registry;
  private final DeadLetterLedger ledger;

  public DeadLetters(DeadLetterPublishingRecoverer publisher, MeterRegistry registry) {
    this(publisher, registry, DeadLetterLedger.NONE);
  }

  public DeadLetters(DeadLetterPublishingRecoverer publisher, MeterRegistry registry, DeadLetterLedger ledger) {
    this.publisher = publisher;
    this.registry = registry;
    this.ledger = ledger;
    publisher.addHeadersFunction((record, exception) -> new RecordHeaders(new RecordHeader[] {
        new RecordHeader(REASON_HEADER, reasonOf(exception).getBytes(StandardCharsets.UTF_8))}));
  }

  @Override
  public void accept(ConsumerRecord<?, ?> record, Exception exception) {
    String reason = reasonOf(exception);
    if (!ledger.claim(record)) {
      log.debug("skipping {}-{}@{}, dead-lettered before: {}", record.topic(), record.partition(), record.offset(),
          reason);
      return;
    }
    log.warn("dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
    try {
      publisher.accept(record, exception);
    } catch (RuntimeException e) {
      ledger.release(record);
      throw e;
    }
    Counter.builder("platform.kafka.dead.letters")
        .description("Records sent to a dead-letter topic")
        .tag("topic", record.topic())
        .tag("kind", kindOf(exception))
        .register(registry)
        .increment();
  }

  /**
   * The one error handler that dead-letters, shared by every service's containers: {@code backOff}
   * for transient failures, contract violations ({@link InvalidEventException},
   * {@link IllegalArgumentException}) recovered at once, to {@code <topic>.DLT} on the record's
   * partition through {@code ledger} (once per record). The handler's own lines (each retry's "Seek to
   * current after exception") are at DEBUG: a dead-lettered record logs exactly one WARN line, this
   * recoverer's, with the reason.
   */
  public static DefaultErrorHandler errorHandler(KafkaOperations<?, ?> template, MeterRegistry registry,
                                                 DeadLetterLedger ledger, BackOff backOff) {
    DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(template,
        (record, exception) -> new TopicPartition(record.topic() + Topic.DEAD_LETTER_SUFFIX, record.partition()));
    DefaultErrorHandler handler = new DefaultErrorHandler(new DeadLetters(publisher, registry, ledger), backOff);
    handler.addNotRetryableExceptions(InvalidEventException.class, IllegalArgumentException.class);
    handler.setLogLevel(KafkaException.Level.DEBUG);
    return handler;
  }

  /** The first contract violation in the cause chain, else the deepest cause's message. */
  static String reasonOf(Throwable exception) {
    Throwable current = exception;
    Throwable deepest = exception;
    while (current != null) {
      if (current instanceof InvalidEventException) {
        return current.getMessage();
      }
      deepest = current;
      current = current.getCause() == current ? null : current.getCause();
    }
    return deepest.getClass().getSimpleName() + ": " + deepest.getMessage();
  }

  private static String kindOf(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof DeserializationException) {
        return "undecodable";
      }
      if (t instanceof InvalidEventException) {
        return "invalid";
      }
    }
    return "failed";
  }
}
