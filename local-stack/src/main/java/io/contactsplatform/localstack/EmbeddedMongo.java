package io.contactsplatform.localstack;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import io.contactsplatform.localstack.h2.KeyOrderH2Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * mongo-java-server speaking the MongoDB wire protocol: on an H2 file (data kept across
 * restarts) or in memory (tests). Limits: no transactions, no change streams, secondary
 * indexes accepted but not built, TTL never expires (see STACK-NOTES.md). Unique indexes, {@code _id}
 * among them, also serve queries naming their key with further conditions ({@code UniqueKeyLookup}).
 */
public final class EmbeddedMongo implements AutoCloseable {

  /** Longest {@link #close} waits for the store. */
  public static final Duration CLOSE_WITHIN = Duration.ofSeconds(30);

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

  /**
   * What is wrong with the running store, or null when it is fine: its file closed (H2 closes the
   * store on a panic: a full disk, an out-of-memory error while writing) or its port not accepting
   * connections within {@code timeout}.
   */
  public String problem(Duration timeout) {
    if (backend instanceof KeyOrderH2Backend h2 && h2.isStoreClosed()) {
      return "store file closed";
    }
    InetSocketAddress address;
    try {
      address = server.getLocalAddress();
    } catch (RuntimeException e) {
      return "not listening";
    }
    if (address == null) {
      return "not listening";
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, address.getPort()), (int) timeout.toMillis());
      return null;
    } catch (IOException e) {
      return "port " + address.getPort() + " not accepting connections: " + e.getMessage();
    }
  }

  /** {@code mongodb://host:port} of the bound server. */
  public String connectionString() {
    return "mongodb://" + host + ":" + server.getLocalAddress().getPort();
  }

  /**
   * Stops the server and closes the store, waiting at most {@link #CLOSE_WITHIN}: H2 can spin for
   * good while closing a store after a panic, and a stop must not hang on it (what was committed
   * is on disk).
   */
  @Override
  public void close() {
    if (!shutDown(server, backend, CLOSE_WITHIN)) {
      throw new IllegalStateException("store did not close within " + CLOSE_WITHIN
          + "; left to the JVM's exit (what was committed is on disk)");
    }
  }

  /**
   * Shuts {@code server} and {@code backend} down on a daemon thread and waits for it at most
   * {@code within}; false when they had not finished by then.
   */
  public static boolean shutDown(MongoServer server, MongoBackend backend, Duration within) {
    Thread closing = new Thread(() -> {
      server.shutdown();
      backend.close();
    }, "store-close");
    closing.setDaemon(true);
    closing.start();
    try {
      closing.join(within.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !closing.isAlive();
  }
}
