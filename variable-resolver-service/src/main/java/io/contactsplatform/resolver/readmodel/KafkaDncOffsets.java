package io.contactsplatform.resolver.readmodel;

import io.contactsplatform.schemas.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * {@link DncOffsets} through a Kafka {@link Admin} client built from Boot's {@link KafkaAdmin}
 * configuration ({@code spring.kafka.bootstrap-servers} and {@code spring.kafka.admin.*}); the
 * group is this service's {@code spring.kafka.consumer.group-id}. The client is created on first
 * use, replaced after a failed call (so a broken connection never sticks) and closed at shutdown.
 */
@Component
class KafkaDncOffsets implements DncOffsets {

  private static final String TOPIC = Topics.DNC_CHANGES.name();
  private static final long TIMEOUT_SECONDS = 10;

  private final KafkaAdmin kafkaAdmin;
  private final String groupId;
  private Admin admin;

  KafkaDncOffsets(KafkaAdmin kafkaAdmin, @Value("${spring.kafka.consumer.group-id}") String groupId) {
    this.kafkaAdmin = kafkaAdmin;
    this.groupId = groupId;
  }

  @Override
  public synchronized Map<Integer, Long> endOffsets() {
    try {
      return readEndOffsets();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private Map<Integer, Long> readEndOffsets() {
    TopicDescription topic = await(admin().describeTopics(java.util.List.of(TOPIC)).allTopicNames()).get(TOPIC);
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    topic.partitions().forEach(p -> request.put(new TopicPartition(TOPIC, p.partition()), OffsetSpec.latest()));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> answer = await(admin().listOffsets(request).all());
    Map<Integer, Long> ends = new HashMap<>();
    answer.forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
    return ends;
  }

  @Override
  public synchronized Map<Integer, Long> committedOffsets() {
    try {
      return readCommittedOffsets();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private Map<Integer, Long> readCommittedOffsets() {
    Map<TopicPartition, OffsetAndMetadata> answer =
        await(admin().listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
    Map<Integer, Long> committed = new HashMap<>();
    answer.forEach((partition, offset) -> {
      if (TOPIC.equals(partition.topic()) && offset != null) {
        committed.put(partition.partition(), offset.offset());
      }
    });
    return committed;
  }

  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close(java.time.Duration.ofSeconds(2));
      admin = null;
    }
  }

  private Admin admin() {
    if (admin == null) {
      Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
      config.put(AdminClientConfig.CLIENT_ID_CONFIG, "variable-resolver-dnc-readiness");
      config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
      config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
      admin = Admin.create(config);
    }
    return admin;
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading dnc-changes offsets", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot read dnc-changes offsets: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out reading dnc-changes offsets", e);
    }
  }
}
