package io.contactsplatform.testsupport;

import io.contactsplatform.localstack.EmbeddedMongo;
import io.contactsplatform.localstack.KafkaKraftBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real KRaft broker (temp log dir) and one in-memory mongo-java-server per JVM, started on
 * first use on free loopback ports and stopped when the JVM exits. Tests share them, so each
 * test isolates itself with its own database, consumer group and entity ids.
 */
public final class EmbeddedInfrastructure implements Infrastructure {

  private static EmbeddedInfrastructure instance;

  private final KafkaKraftBroker broker;
  private final EmbeddedMongo mongo;

  private EmbeddedInfrastructure(KafkaKraftBroker broker, EmbeddedMongo mongo) {
    this.broker = broker;
    this.mongo = mongo;
  }

  /** The JVM-wide instance, started on first call. */
  public static synchronized EmbeddedInfrastructure get() {
    if (instance == null) {
      try {
        Path logDir = Files.createTempDirectory("kafka-test-");
        KafkaKraftBroker broker = new KafkaKraftBroker(logDir, "127.0.0.1", freePort(), freePort()).start();
        EmbeddedMongo mongo = EmbeddedMongo.inMemory("127.0.0.1", 0).start();
        instance = new EmbeddedInfrastructure(broker, mongo);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          mongo.close();
          broker.close();
        }, "embedded-infrastructure-stop"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  @Override
  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  @Override
  public String mongoUri(String database) {
    return mongo.connectionString() + "/" + database;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
