package io.contactsplatform.benchmarks.resolver;

import io.contactsplatform.benchmarks.ChildJvms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The second baseline of the resolver benchmark: the least any service answering requests
 * through Kafka adds on this machine. A JVM of its own (started with the resolver's JVM options)
 * relays every record of {@link #IN} to {@link #OUT}, with the resolver's Kafka shape and nothing
 * else — one plain consumer per partition in one group, one shared producer (acks=all,
 * idempotent, linger.ms=0), offsets committed asynchronously every 100 ms — and no Spring, no
 * decoding, no waiting for acks. A request through it crosses the broker twice, as a call-start
 * and its answer do; the bare round trip crosses it once.
 */
final class RelayJvm implements AutoCloseable {

  static final String IN = "bench-relay-in";
  static final String OUT = "bench-relay-out";

  private final Process process;

  private RelayJvm(Process process) {
    this.process = process;
  }

  /** Starts the relay with {@code jvmOptions}; returns once its consumers have their partitions. */
  static RelayJvm start(String bootstrap, int partitions, List<String> jvmOptions, Path log) throws IOException {
    List<String> command = ChildJvms.command(RelayJvm.class, jvmOptions, bootstrap, String.valueOf(partitions));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    RelayJvm relay = new RelayJvm(process);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!logContains(log, "relay: assigned")) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        relay.close();
        throw new IllegalStateException("relay JVM did not start; see " + log);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return relay;
  }

  /** The relay's JVM process. */
  ProcessHandle handle() {
    return process.toHandle();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Child side: {@code <bootstrap> <consumers>}; relays until stdin closes. */
  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    int consumers = Integer.parseInt(args[1]);
    AtomicBoolean running = new AtomicBoolean(true);
    CountDownLatch assigned = new CountDownLatch(consumers);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 0),
        new StringSerializer(), new ByteArraySerializer())) {
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < consumers; i++) {
        Thread thread = new Thread(() -> relay(bootstrap, producer, running, assigned), "relay-" + i);
        thread.start();
        threads.add(thread);
      }
      assigned.await();
      System.out.println("relay: assigned");
      ChildJvms.awaitParentGone();
      running.set(false);
      for (Thread thread : threads) {
        thread.join(5000);
      }
    }
    System.exit(0);
  }

  private static void relay(String bootstrap, KafkaProducer<String, byte[]> producer, AtomicBoolean running,
                            CountDownLatch assigned) {
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "bench-relay",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(IN));
      boolean counted = false;
      long lastCommit = System.nanoTime();
      while (running.get()) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          producer.send(new ProducerRecord<>(OUT, record.key(), record.value()));
        }
        if (!counted && !consumer.assignment().isEmpty()) {
          counted = true;
          assigned.countDown();
        }
        if (System.nanoTime() - lastCommit > TimeUnit.MILLISECONDS.toNanos(100)) {
          consumer.commitAsync();
          lastCommit = System.nanoTime();
        }
      }
    }
  }

  private static boolean logContains(Path log, String text) {
    try {
      return Files.exists(log) && Files.readString(log).contains(text);
    } catch (IOException e) {
      return false;
    }
  }
}
