package io.contactsplatform.resolver.resolution;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

/**
 * Remembers, for every call-starts partition this instance is given, the partition's end offset
 * at that moment. A record below it may have been handled by the partition's previous owner (a
 * redelivery after a crash or rebalance) and is checked against the stored answers; a record at
 * or above it was written after this instance took the partition, so no one else can have
 * answered it. Unknown partitions count as "may be redelivered". It also learns, from the
 * container's commit callback, which offsets are committed: a committed record is never
 * redelivered, so its answer need not be stored ({@link AnswerStore}).
 */
@Component
public class CallStartPositions implements ConsumerAwareRebalanceListener, OffsetCommitCallback {

  private final Map<TopicPartition, Long> endsAtAssignment = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Long> committed = new ConcurrentHashMap<>();

  @Override
  public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    consumer.endOffsets(partitions).forEach(endsAtAssignment::put);
  }

  @Override
  public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    partitions.forEach(endsAtAssignment::remove);
  }

  @Override
  public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    partitions.forEach(endsAtAssignment::remove);
  }

  @Override
  public void onComplete(Map<TopicPartition, OffsetAndMetadata> offsets, Exception exception) {
    if (exception == null && offsets != null) {
      offsets.forEach((partition, offset) -> committed.merge(partition, offset.offset(), Math::max));
    }
  }

  /** True once a commit covering the record has succeeded. */
  public boolean isCommitted(String topic, int partition, long offset) {
    Long next = committed.get(new TopicPartition(topic, partition));
    return next != null && offset < next;
  }

  /** True unless the record was written after this instance took its partition. */
  public boolean mayBeRedelivered(String topic, int partition, long offset) {
    Long end = endsAtAssignment.get(new TopicPartition(topic, partition));
    return end == null || offset < end;
  }
}
