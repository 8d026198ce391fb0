package io.contactsplatform.resolver.readmodel;

import java.util.Map;

/**
 * Where {@link DncReadiness} learns partition positions of dnc-changes: end offsets and the
 * consumer group's committed offsets, both by partition. Calls may block and may throw while the
 * broker is unreachable; the Kafka implementation is {@link KafkaTopicOffsets}.
 */
public interface DncOffsets extends AutoCloseable {

  /** End offset (offset of the next record to be written) of every partition of dnc-changes. */
  Map<Integer, Long> endOffsets();

  /** The consumer group's committed offset per partition of dnc-changes (absent when none). */
  Map<Integer, Long> committedOffsets();

  @Override
  default void close() {
  }
}
