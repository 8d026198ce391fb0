package io.contactsplatform.resolver.state;

import io.contactsplatform.schemas.Topic;
import io.contactsplatform.support.kafka.DeadLetters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead letters inside the topology: a record that cannot be decoded or breaks the contract is
 * forwarded unchanged (same key, same bytes) towards {@code <topic>.DLT} with the headers the
 * spring-kafka services write ({@value DeadLetters#REASON_HEADER}, {@code kafka_dlt-original-topic},
 * {@code -partition}, {@code -offset}, {@code kafka_dlt-exception-message}). Because the DLT write is
 * part of the task's output, it is committed in the same transaction as the input offsets: under
 * exactly-once a record is dead-lettered exactly once. The DLT partition is chosen by key, which is
 * the record's original partition whenever the producer used the default partitioner.
 */
final class DeadLetterRecords {

  /** Internal header naming the DLT a record goes to (read by the topology's sink). */
  static final String TARGET_HEADER = "resolver-dlt-target";

  private static final Logger log = LoggerFactory.getLogger(DeadLetterRecords.class);

  private DeadLetterRecords() {
  }

  static boolean isDeadLetter(Headers headers) {
    return headers.lastHeader(TARGET_HEADER) != null;
  }

  static String target(Headers headers) {
    return new String(headers.lastHeader(TARGET_HEADER).value(), StandardCharsets.UTF_8);
  }

  /** Forwards {@code record} towards its source topic's DLT, counting and logging it (never the payload). */
  static void forward(ProcessorContext<String, byte[]> context, Record<String, byte[]> record, String reason,
                      String kind, MeterRegistry registry) {
    RecordMetadata source = context.recordMetadata().orElseThrow();
    Headers headers = new RecordHeaders(record.headers().toArray());
    headers.add(DeadLetters.REASON_HEADER, utf8(reason));
    headers.add("kafka_dlt-original-topic", utf8(source.topic()));
    headers.add("kafka_dlt-original-partition", ByteBuffer.allocate(4).putInt(source.partition()).array());
    headers.add("kafka_dlt-original-offset", ByteBuffer.allocate(8).putLong(source.offset()).array());
    headers.add("kafka_dlt-exception-message", utf8(reason));
    headers.add(TARGET_HEADER, utf8(source.topic() + Topic.DEAD_LETTER_SUFFIX));
    log.warn("dead-lettering {}-{}@{}: {}", source.topic(), source.partition(), source.offset(), reason);
    Counter.builder("platform.kafka.dead.letters")
        .description("Records sent to a dead-letter topic")
        .tag("topic", source.topic())
        .tag("kind", kind)
        .register(registry)
        .increment();
    context.forward(new Record<>(record.key(), record.value(), record.timestamp(), headers));
  }

  private static byte[] utf8(String value) {
    return (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
  }
}
