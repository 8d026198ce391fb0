package io.contactsplatform.e2e;

import io.contactsplatform.events.call.start.CallStart;
import io.contactsplatform.events.call.variables.AgentVariables;
import io.contactsplatform.schemas.EventCodec;
import io.contactsplatform.schemas.SingleObjectEventCodec;
import io.contactsplatform.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * A dialer for many calls at once, black-box through the topics only (whatever engine the resolver
 * runs on): publishes {@code call-starts} for workspace {@code demo} and collects the
 * {@code agent-variables} answers to them, read with {@code isolation.level=read_committed} (an
 * answer of an aborted transaction is never seen), from the end of every partition as of
 * construction. Records the instant each answer was read. Not thread-safe.
 */
final class DialerCalls implements AutoCloseable {

  /** One answer and when this reader saw it. */
  record Answer(AgentVariables variables, long seenAtNanos) {
  }

  private final KafkaProducer<String, byte[]> producer;
  private final KafkaConsumer<String, byte[]> consumer;
  private final EventCodec codec = new SingleObjectEventCodec();
  private final Map<String, Answer> answers = new LinkedHashMap<>();
  private int repeated;

  DialerCalls(String bootstrapServers) {
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
        new StringSerializer(), new ByteArraySerializer());
    consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "soak-dialer-" + UUID.randomUUID(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(Topics.AGENT_VARIABLES.name(), Duration.ofSeconds(30))
        .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
  }

  /** Publishes a call-start for {@code phone} in {@code campaignId}; returns its callId. */
  String start(String campaignId, String phone) {
    String callId = "soak-call-" + UUID.randomUUID();
    CallStart event = CallStart.newBuilder().setEventId(UUID.randomUUID()).setWorkspaceId("demo")
        .setOccurredAt(Instant.now()).setSource("soak-dialer").setCallId(callId).setCampaignId(campaignId)
        .setPhone(phone).build();
    try {
      producer.send(new ProducerRecord<>(Topics.CALL_STARTS.name(), Topics.key("demo", callId), codec.encode(event)))
          .get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not publish a call-start", e.getCause());
    }
    return callId;
  }

  /** Reads answers until every one of {@code callIds} has one or {@code timeout} passed; returns those seen so far. */
  Map<String, Answer> await(Set<String> callIds, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!answers.keySet().containsAll(callIds) && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
        if (record.value() == null) {
          continue;
        }
        long now = System.nanoTime();
        AgentVariables answer = codec.decode(AgentVariables.class, record.value());
        if (callIds.contains(answer.getCallId()) && answers.putIfAbsent(answer.getCallId(), new Answer(answer, now)) != null) {
          repeated++;
        }
      }
    }
    Map<String, Answer> seen = new LinkedHashMap<>();
    callIds.stream().filter(answers::containsKey).forEach(id -> seen.put(id, answers.get(id)));
    return seen;
  }

  /** Answers read for a call that had been answered already (a call answered twice). */
  int repeated() {
    return repeated;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
    consumer.close(Duration.ofSeconds(5));
  }
}
