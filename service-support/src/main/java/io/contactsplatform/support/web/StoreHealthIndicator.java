package io.contactsplatform.support.web;

import com.mongodb.reactivestreams.client.MongoDatabase;
import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import reactor.core.publisher.Mono;

/**
 * Health of the service's MongoDB database by {@code ping}, which both MongoDB and
 * mongo-java-server answer (Boot's own indicator sends {@code hello}, unknown to the latter).
 */
public class StoreHealthIndicator extends AbstractReactiveHealthIndicator {

  private final MongoDatabase database;

  public StoreHealthIndicator(MongoDatabase database) {
    this.database = database;
  }

  @Override
  protected Mono<Health> doHealthCheck(Health.Builder builder) {
    return Mono.from(database.runCommand(new Document("ping", 1)))
        .map(answer -> builder.up().withDetail("database", database.getName()).build());
  }
}
