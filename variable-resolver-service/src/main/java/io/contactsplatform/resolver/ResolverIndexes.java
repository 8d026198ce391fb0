package io.contactsplatform.resolver;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.support.mongo.StartupIndexes;
import io.contactsplatform.support.mongo.StartupIndexes.Index;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The resolver's indexes on MongoDB: a workspace's campaigns in id order, and a TTL on stored
 * answers ({@code platform.resolver.answers.retention}, 7 days): an answer only matters while its
 * call-start can still be redelivered or retried by a dialer, so older ones are dropped by the
 * store (mongo-java-server records the TTL index but never expires anything).
 */
@Component
class ResolverIndexes {

  private final MongoDatabase database;
  private final Duration answerRetention;

  ResolverIndexes(MongoDatabase database,
                  @Value("${platform.resolver.answers.retention:7d}") Duration answerRetention) {
    this.database = database;
    this.answerRetention = answerRetention;
  }

  List<Index> indexes() {
    return List.of(
        new Index("campaigns", Indexes.ascending("workspaceId", "_id")),
        new Index("answers", Indexes.ascending("createdAt"),
            new IndexOptions().expireAfter(answerRetention.toSeconds(), TimeUnit.SECONDS)));
  }

  @EventListener(ApplicationReadyEvent.class)
  void declare() {
    StartupIndexes.declare(database, "variable-resolver-service", indexes());
  }
}
