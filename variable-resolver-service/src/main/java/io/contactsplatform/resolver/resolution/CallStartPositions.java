package io.contactsplatform.resolver.resolution;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

/**
 * Remembers, for every call-starts partition this instance is given, the partition's end offset
 * at that moment. A record below it may have been handled by the partition's previous owner (a
 * redelivery after a crash or rebalance) and is checked against the stored answers; a record at
 * or above it was written after this instance took the partition, so no one else can have
 * answered it. Unknown partitions count as "may be redelivered".
 */
@Component
public class CallStartPositions implements ConsumerAwareRebalanceListener {

  private final Map<TopicPartition, Long> endsAtAssignment = new ConcurrentHashMap<>();

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

  /** True unless the record was written after this instance took its partition. */
  public boolean mayBeRedelivered(String topic, int partition, long offset) {
    Long end = endsAtAssignment.get(new TopicPartition(topic, partition));
    return end == null || offset < end;
  }
}
