package io.contactsplatform.testsupport;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.event.CommandListener;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.localstack.EmbeddedMongo;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory mongo-java-server and a reactive driver client on it, for store-level tests of one
 * service's store classes; one-second timeouts, so a test that stops the server sees failures
 * quickly. Each test class starts its own (or shares one per class) and names its databases.
 */
public final class TestStore implements AutoCloseable {

  private final EmbeddedMongo mongo;
  private final MongoClient client;
  private boolean serverStopped;

  private TestStore(CommandListener... listeners) {
    mongo = EmbeddedMongo.inMemory("127.0.0.1", 0).start();
    MongoClientSettings.Builder settings = MongoClientSettings.builder();
    for (CommandListener listener : listeners) {
      settings.addCommandListener(listener);
    }
    client = MongoClients.create(settings
        .applyConnectionString(new ConnectionString(mongo.connectionString()))
        .applyToClusterSettings(c -> c.serverSelectionTimeout(1, TimeUnit.SECONDS))
        .applyToSocketSettings(s -> s.connectTimeout(1, TimeUnit.SECONDS).readTimeout(1, TimeUnit.SECONDS))
        .build());
  }

  public static TestStore start() {
    return new TestStore();
  }

  /** A store whose client reports every command to {@code listeners} (e.g. {@link QueryIndexCheck#RECORDER}). */
  public static TestStore start(CommandListener... listeners) {
    return new TestStore(listeners);
  }

  public MongoDatabase database(String name) {
    return client.getDatabase(name);
  }

  /** Stops the server (the client stays open: the next operations fail). */
  public synchronized void stopServer() {
    if (!serverStopped) {
      serverStopped = true;
      mongo.close();
    }
  }

  @Override
  public void close() {
    client.close();
    stopServer();
  }
}
