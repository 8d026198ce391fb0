package io.contactsplatform.localstack;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import io.contactsplatform.localstack.h2.KeyOrderH2Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * mongo-java-server speaking the MongoDB wire protocol: on an H2 file (data kept across
 * restarts) or in memory (tests). Limits: no transactions, no change streams, secondary
 * indexes accepted but not built, TTL never expires (see STACK-NOTES.md). Unique indexes, {@code _id}
 * among them, also serve queries naming their key with further conditions ({@code UniqueKeyLookup}).
 */
public final class EmbeddedMongo implements AutoCloseable {

  private final MongoServer server;
  private final MongoBackend backend;
  private final String host;
  private final int port;

  private EmbeddedMongo(MongoBackend backend, String host, int port) {
    this.backend = backend;
    this.server = new MongoServer(backend);
    this.host = host;
    this.port = port;
  }

  /** A store persisted in one H2 file (unique indexes keyed by {@code KeyOrder}, see {@link KeyOrderH2Backend}). */
  public static EmbeddedMongo onDisk(Path file, String host, int port) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new EmbeddedMongo(new KeyOrderH2Backend(file.toAbsolutePath().toString()), host, port);
  }

  /** A store that lives in memory (port 0 picks a free port). */
  public static EmbeddedMongo inMemory(String host, int port) {
    return new EmbeddedMongo(new IdLookupMemoryBackend(), host, port);
  }

  public EmbeddedMongo start() {
    server.bind(host, port);
    return this;
  }

  /** {@code mongodb://host:port} of the bound server. */
  public String connectionString() {
    return "mongodb://" + host + ":" + server.getLocalAddress().getPort();
  }

  @Override
  public void close() {
    server.shutdown();
    backend.close();
  }
}
