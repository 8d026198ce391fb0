package io.contactsplatform.resolver;

import com.mongodb.client.model.Indexes;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.support.mongo.StartupIndexes;
import io.contactsplatform.support.mongo.StartupIndexes.Index;
import java.util.List;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The resolver's indexes on MongoDB: a workspace's campaigns in id order. (Answers are kept in the
 * Kafka Streams state, not in MongoDB.)
 */
@Component
class ResolverIndexes {

  private final MongoDatabase database;
  ResolverIndexes(MongoDatabase database) {
    this.database = database;
  }

  List<Index> indexes() {
    return List.of(
        new Index("campaigns", Indexes.ascending("workspaceId", "_id")));
  }

  @EventListener(ApplicationReadyEvent.class)
  void declare() {
    StartupIndexes.declare(database, "variable-resolver-service", indexes());
  }
}
