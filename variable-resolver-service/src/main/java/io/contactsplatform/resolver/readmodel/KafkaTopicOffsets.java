package io.contactsplatform.resolver.readmodel;

import io.contactsplatform.resolver.state.ResolverStreamsProperties;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * {@link DncOffsets} of one topic (the bean: dnc-changes) through a Kafka {@link Admin} client built
 * from Boot's {@link KafkaAdmin} configuration ({@code spring.kafka.bootstrap-servers} and
 * {@code spring.kafka.admin.*}); the group is the resolver's Kafka Streams application id, whose
 * committed offsets every instance shares. The client is created on first
 * use, replaced after a failed call (so a broken connection never sticks) and closed at shutdown.
 */
@Component
class KafkaTopicOffsets implements DncOffsets {

  private static final long TIMEOUT_SECONDS = 10;

  private final KafkaAdmin kafkaAdmin;
  private final String groupId;
  private final String topic;
  private Admin admin;

  @Autowired
  KafkaTopicOffsets(KafkaAdmin kafkaAdmin, ResolverStreamsProperties streams) {
    this(kafkaAdmin, streams.applicationId(), Topics.DNC_CHANGES.name());
  }

  KafkaTopicOffsets(KafkaAdmin kafkaAdmin, String groupId, String topic) {
    this.kafkaAdmin = kafkaAdmin;
    this.groupId = groupId;
    this.topic = topic;
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
    TopicDescription description = await(admin().describeTopics(java.util.List.of(topic)).allTopicNames()).get(topic);
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    description.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
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
      if (topic.equals(partition.topic()) && offset != null) {
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
      config.put(AdminClientConfig.CLIENT_ID_CONFIG, "variable-resolver-" + topic + "-readiness");
      config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
      config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
      admin = Admin.create(config);
    }
    return admin;
  }

  private <T> T await(Future<T> future) {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + topic + " offsets", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot read " + topic + " offsets: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out reading " + topic + " offsets", e);
    }
  }
}
