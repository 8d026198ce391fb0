package io.contactsplatform.testsupport;

import io.contactsplatform.schemas.EventCodec;
import io.contactsplatform.schemas.SingleObjectEventCodec;
import io.contactsplatform.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Typed test access to the broker: {@code send(topic, key, event)} and
 * {@code read(topic, n, filter)} for catalog topics, raw bytes for garbage and dead letters.
 * Reads always scan from the beginning of every partition and keep records matching the filter,
 * so tests sharing a broker select their own records by id.
 */
public final class EventBusClient implements AutoCloseable {

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final String bootstrapServers;
  private final EventCodec codec = new SingleObjectEventCodec();
  private final KafkaProducer<String, byte[]> producer;

  public EventBusClient(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
    this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0),
        new StringSerializer(), new ByteArraySerializer());
  }

  public <V extends SpecificRecord> void send(Topic<V> topic, String key, V event) {
    sendRaw(topic.name(), key, codec.encode(event));
  }

  /** Sends raw bytes, e.g. garbage that no deserializer accepts. */
  public void sendRaw(String topic, String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("send to " + topic + " failed", e.getCause());
    }
  }

  /** Waits (30 s at most) for {@code n} events on {@code topic} that match {@code filter}. */
  public <V extends SpecificRecord> List<V> read(Topic<V> topic, int n, Predicate<V> filter) {
    List<V> found = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : readRaw(topic.name(), n, r -> {
      V event = codec.decode(topic.valueType(), r.value());
      return filter.test(event);
    })) {
      found.add(codec.decode(topic.valueType(), record.value()));
    }
    return found;
  }

  /** Waits (30 s at most) for {@code n} raw records on {@code topic} that match {@code filter}. */
  public List<ConsumerRecord<String, byte[]>> readRaw(String topic, int n,
                                                      Predicate<ConsumerRecord<String, byte[]>> filter) {
    List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        // the resolver answers in Kafka transactions: never read an aborted answer
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      long deadline = System.nanoTime() + DEFAULT_TIMEOUT.toNanos();
      List<TopicPartition> partitions = List.of();
      while (partitions.isEmpty() && System.nanoTime() < deadline) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
        partitions = infos == null ? List.of()
            : infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (found.size() < n && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.value() != null && filter.test(record)) {
            found.add(record);
          }
        }
      }
    }
    if (found.size() < n) {
      throw new AssertionError("expected " + n + " matching records on " + topic + " within "
          + DEFAULT_TIMEOUT.toSeconds() + " s, found " + found.size());
    }
    return found;
  }

  /** Every event currently on {@code topic} (up to its end offsets now) that matches {@code filter}. */
  public <V extends SpecificRecord> List<V> readAll(Topic<V> topic, Predicate<V> filter) {
    List<V> found = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        // the resolver answers in Kafka transactions: never read an aborted answer
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(10)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + DEFAULT_TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic.name() + " to its end within "
              + DEFAULT_TIMEOUT.toSeconds() + " s");
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.value() != null) {
            V event = codec.decode(topic.valueType(), record.value());
            if (filter.test(event)) {
              found.add(event);
            }
          }
        }
      }
    }
    return found;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
