package io.contactsplatform.benchmarks;

import io.contactsplatform.localstack.KafkaKraftBroker;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local stack's KRaft broker ({@link KafkaKraftBroker}) in a JVM of its own, as Kafka runs in
 * production and in docker-compose, so the benchmark JVM's own collections (load generator,
 * store, latency reader) do not stop the broker. Started from this benchmark's executable jar;
 * the child exits when its standard input closes, so it never outlives the benchmark.
 */
public final class BrokerJvm implements AutoCloseable {

  /** Kafka's own start script's JVM settings (kafka-run-class.sh), with a 1 GB heap. */
  public static final List<String> JVM_OPTIONS = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC",
      "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent");

  private final Process process;
  private final String bootstrapServers;

  private BrokerJvm(Process process, String bootstrapServers) {
    this.process = process;
    this.bootstrapServers = bootstrapServers;
  }

  /** Starts the broker with its logs under {@code dir}; returns once it accepts connections. */
  public static BrokerJvm start(Path dir, String host, int port, int controllerPort, List<String> jvmOptions)
      throws IOException {
    List<String> command = ChildJvms.command(BrokerJvm.class, jvmOptions, dir.toAbsolutePath().toString(), host,
        String.valueOf(port), String.valueOf(controllerPort));
    Process process = new ProcessBuilder(command)
        .redirectOutput(dir.resolveSibling("broker-jvm.log").toFile())
        .redirectErrorStream(true)
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!reachable(host, port)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException("broker JVM did not start; see " + dir.resolveSibling("broker-jvm.log"));
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return new BrokerJvm(process, host + ":" + port);
  }

  private static boolean reachable(String host, int port) {
    try (Socket socket = new Socket(host, port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  /** Child side: {@code <log dir> <host> <port> <controller port>}; runs until stdin closes. */
  public static void main(String[] args) throws IOException {
    KafkaKraftBroker broker = new KafkaKraftBroker(Path.of(args[0]), args[1], Integer.parseInt(args[2]),
        Integer.parseInt(args[3])).start();
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "broker-shutdown"));
    ChildJvms.awaitParentGone();
    System.exit(0);
  }
}
