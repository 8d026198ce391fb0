package io.contactsplatform.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real, single-node Apache Kafka broker in KRaft mode (combined broker + controller), run
 * in-process from the Maven artifacts. Its log directory is formatted on first start and kept,
 * so a restart on the same directory keeps every topic and offset.
 *
 * <p>Latency choice: {@code group.coordinator.append.linger.ms=0}. Kafka 4 otherwise batches
 * offset commits for 5 ms, which a listener container waiting for a sync commit per poll pays on
 * every record (p50 5.5 ms instead of 0.6 ms on loopback). Single node only: replication 1.
 * Memory: the buffers that grow with load are bounded (see {@link #config}); what the broker
 * needs then hardly depends on the data (the log is on disk, indexes are memory-mapped).
 */
public final class KafkaKraftBroker implements AutoCloseable {

  private final Path logDir;
  private final String host;
  private final int port;
  private final int controllerPort;
  private KafkaRaftServer server;
  private volatile Admin admin;

  /** Longest {@link #close} waits for the broker. */
  public static final Duration CLOSE_WITHIN = Duration.ofSeconds(30);

  public KafkaKraftBroker(Path logDir, String host, int port, int controllerPort) {
    this.logDir = logDir;
    this.host = host;
    this.port = port;
    this.controllerPort = controllerPort;
  }

  public synchronized KafkaKraftBroker start() {
    try {
      Files.createDirectories(logDir);
      Properties props = config();
      Path configFile = logDir.resolve("server.properties");
      try (OutputStream out = Files.newOutputStream(configFile)) {
        props.store(out, "written by local-stack");
      }
      if (!Files.exists(logDir.resolve("meta.properties"))) {
        format(configFile);
      }
      server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      server.startup();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare Kafka log dir " + logDir, e);
    }
  }

  private void format(Path configFile) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int exit = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(),
        "-c", configFile.toString(), "--ignore-formatted"}, new PrintStream(output, true, StandardCharsets.UTF_8));
    if (exit != 0) {
      throw new IllegalStateException("kafka-storage format failed: " + output.toString(StandardCharsets.UTF_8));
    }
  }

  private Properties config() {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@" + host + ":" + controllerPort);
    p.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir.toAbsolutePath().toString());
    p.put("num.partitions", "3");
    p.put("auto.create.topics.enable", "false");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("group.coordinator.append.linger.ms", "0");
    // memory of the broker, bounded (it shares the stack JVM's heap with the store): the cleaner's
    // dedupe buffer 8 MB (default 128 MB); requests queued for the I/O threads at most 64 MB in all
    // (default: 500 requests of up to 100 MB each, unbounded in bytes); one request at most 16 MB
    // (producers send at most 1 MB); fewer network and I/O threads than a server's defaults.
    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
    p.put("queued.max.request.bytes", String.valueOf(64L * 1024 * 1024));
    p.put("socket.request.max.bytes", String.valueOf(16 * 1024 * 1024));
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "4");
    p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
    return p;
  }

  public String bootstrapServers() {
    return host + ":" + port;
  }

  /**
   * What is wrong with the running broker, or null when it answers: asks it for the cluster's
   * controller (the KRaft quorum this node leads) within {@code timeout}.
   */
  public String problem(Duration timeout) {
    synchronized (this) {
      if (server == null) {
        return "stopped";
      }
    }
    if (admin == null) {
      Properties p = new Properties();
      p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
      p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
      p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
      p.put(AdminClientConfig.CLIENT_ID_CONFIG, "local-stack-watchdog");
      admin = Admin.create(p);
    }
    try {
      Node controller = admin.describeCluster().controller().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return controller == null || controller.isEmpty() ? "no KRaft controller" : null;
    } catch (ExecutionException e) {
      return "not answering: " + e.getCause();
    } catch (TimeoutException e) {
      return "not answering within " + timeout.toMillis() + " ms";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /**
   * Stops the broker, waiting at most {@link #CLOSE_WITHIN}: a broker whose controller died (an
   * out-of-memory error) can hang in its shutdown, and a stop must not hang on it.
   */
  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(2));
      admin = null;
    }
    if (server != null) {
      KafkaRaftServer stopping = server;
      server = null;
      Thread closing = new Thread(() -> {
        stopping.shutdown();
        stopping.awaitShutdown();
      }, "broker-close");
      closing.setDaemon(true);
      closing.start();
      try {
        closing.join(CLOSE_WITHIN.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (closing.isAlive()) {
        throw new IllegalStateException("Kafka broker did not stop within " + CLOSE_WITHIN
            + "; left to the JVM's exit (what was written is in its log dir)");
      }
    }
  }
}
