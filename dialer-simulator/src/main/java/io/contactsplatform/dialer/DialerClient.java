package io.contactsplatform.dialer;

import io.contactsplatform.events.call.start.CallStart;
import io.contactsplatform.events.call.variables.AgentVariables;
import io.contactsplatform.schemas.EventCodec;
import io.contactsplatform.schemas.SingleObjectEventCodec;
import io.contactsplatform.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What a dialer does: publish a {@code call-starts} event and wait for the {@code agent-variables}
 * answer with the same callId. Before its first call it positions its reader at the end of every
 * partition and then keeps reading on, so it never misses a fast answer and later calls cost only
 * their own round trip. One call at a time; not thread-safe.
 */
public final class DialerClient implements AutoCloseable {

  private final KafkaProducer<String, byte[]> producer;
  private final KafkaConsumer<String, byte[]> consumer;
  private final EventCodec codec = new SingleObjectEventCodec();

  public DialerClient(String bootstrapServers) {
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0),
        new StringSerializer(), new ByteArraySerializer());
    consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "dialer-simulator-" + UUID.randomUUID(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        // the resolver answers in Kafka transactions: never read an aborted answer
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** Publishes {@code callStart} and returns the answer, or empty after {@code timeout}. */
  public Optional<AgentVariables> call(CallStart callStart, Duration timeout) {
    listen();
    try {
      producer.send(new ProducerRecord<>(Topics.CALL_STARTS.name(),
          Topics.key(callStart.getWorkspaceId(), callStart.getCallId()), codec.encode(callStart))).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not publish the call-start: " + e.getCause().getMessage(), e.getCause());
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
        AgentVariables answer = codec.decode(AgentVariables.class, record.value());
        if (answer.getCallId().equals(callStart.getCallId())
            && answer.getWorkspaceId().equals(callStart.getWorkspaceId())) {
          return Optional.of(answer);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Reads agent-variables from their end as of the first call on (the answers to earlier calls
   * that arrive later are skipped by callId), so each call costs only its own round trip.
   */
  private void listen() {
    if (!consumer.assignment().isEmpty()) {
      return;
    }
    List<TopicPartition> partitions = consumer.partitionsFor(Topics.AGENT_VARIABLES.name(), Duration.ofSeconds(10))
        .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
    consumer.close(Duration.ofSeconds(5));
  }
}
