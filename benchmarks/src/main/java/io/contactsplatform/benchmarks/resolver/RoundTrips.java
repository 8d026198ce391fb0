package io.contactsplatform.benchmarks.resolver;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
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
 * A latency harness shaped like a dialer: a producer (acks=all, linger.ms=0) sends requests to
 * one topic and a reader thread, positioned at the end of every partition of the answer topic,
 * matches answers to requests by id. Latency runs from the INTENDED send time (so a stalled
 * sender cannot hide queueing: no coordinated omission) to the moment the answer is polled.
 */
final class RoundTrips<A> implements AutoCloseable {

  private final KafkaProducer<String, byte[]> producer;
  private final KafkaConsumer<String, byte[]> consumer;
  private final String requestTopic;
  private final Function<byte[], A> decode;
  private final Function<A, String> answerId;
  private final Map<String, Long> pending = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread reader;
  private volatile Latencies latencies = new Latencies();
  private volatile Function<A, Void> onAnswer = answer -> null;

  /** Answers are decoded once ({@code decode}) and matched to requests by {@code answerId}. */
  RoundTrips(String bootstrap, String requestTopic, String answerTopic, Function<byte[], A> decode,
             Function<A, String> answerId) {
    this.requestTopic = requestTopic;
    this.decode = decode;
    this.answerId = answerId;
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0),
        new StringSerializer(), new ByteArraySerializer());
    consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + UUID.randomUUID(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(answerTopic, Duration.ofSeconds(10)).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    reader = new Thread(this::read, "bench-reader-" + answerTopic);
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts a new measurement; {@code onAnswer} sees every matched answer. */
  Latencies measure(Function<A, Void> onAnswer) {
    this.onAnswer = onAnswer;
    latencies = new Latencies();
    return latencies;
  }

  private void read() {
    while (running.get()) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
        long now = System.nanoTime();
        long lastHopMillis = System.currentTimeMillis() - record.timestamp();
        A answer = decode.apply(record.value());
        Long sent = pending.remove(answerId.apply(answer));
        if (sent != null) {
          latencies.add(now - sent, lastHopMillis);
          onAnswer.apply(answer);
        }
      }
    }
    consumer.close(Duration.ofSeconds(2));
  }

  void send(String id, String key, byte[] value, long intendedNanos) {
    pending.put(id, intendedNanos);
    producer.send(new ProducerRecord<>(requestTopic, key, value));
  }

  /** Sends and waits for the answer (at most {@code timeout}); false when none came. */
  boolean call(String id, String key, byte[] value, Duration timeout) {
    send(id, key, value, System.nanoTime());
    long deadline = System.nanoTime() + timeout.toNanos();
    while (pending.containsKey(id)) {
      if (System.nanoTime() > deadline) {
        pending.remove(id);
        return false;
      }
      LockSupport.parkNanos(10_000);
    }
    return true;
  }

  /** Waits (at most {@code timeout}) until every request is answered; returns how many never were. */
  int drain(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(1_000_000);
    }
    int lost = pending.size();
    pending.clear();
    return lost;
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    reader.join(5000);
    producer.close(Duration.ofSeconds(5));
  }
}
