package io.contactsplatform.support.mongo;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.time.Duration;
import java.util.List;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Declares a service's secondary indexes at startup (each service's {@code *Indexes} class lists
 * them; see docs/architecture.md, Indexes). Creating an index that exists is a no-op; a failure
 * is logged, never fatal. mongo-java-server records non-unique indexes without building them.
 */
public final class StartupIndexes {

  private static final Logger log = LoggerFactory.getLogger(StartupIndexes.class);

  private StartupIndexes() {
  }

  /** One index: its collection, keys and options. */
  public record Index(String collection, Bson keys, IndexOptions options) {
    public Index(String collection, Bson keys) {
      this(collection, keys, new IndexOptions());
    }
  }

  /** Creates every index, one after the other, in the background. */
  public static void declare(MongoDatabase database, String service, List<Index> indexes) {
    create(database, indexes)
        .timeout(Duration.ofMinutes(1))
        .subscribe(null, e -> log.warn("could not declare the {} indexes: {}", service, e.toString()));
  }

  /** Creates every index, one after the other. */
  public static Mono<Void> create(MongoDatabase database, List<Index> indexes) {
    return Flux.fromIterable(indexes)
        .concatMap(index -> database.getCollection(index.collection()).createIndex(index.keys(), index.options()))
        .then();
  }
}
