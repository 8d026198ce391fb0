package io.contactsplatform.dncservice.dnc;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.time.Duration;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.util.function.Tuples;

/**
 * Declares the secondary indexes the field queries need on MongoDB (listing a workspace's entries,
 * the registry-replace scan, the sweeps, import error reports, a workspace's imports newest first,
 * the unfinished-import scan). mongo-java-server accepts them but
 * never builds them, so there those queries scan (acceptable: they are not on the hot path). A
 * failure is logged, never fatal.
 */
@Component
class DncIndexes {

  private static final Logger log = LoggerFactory.getLogger(DncIndexes.class);

  private final MongoDatabase database;

  DncIndexes(MongoDatabase database) {
    this.database = database;
  }

  @EventListener(ApplicationReadyEvent.class)
  void declare() {
    Flux.just(
            Tuples.of("dnc_numbers", Indexes.ascending("workspaceId", "_id")),
            Tuples.of("dnc_numbers", Indexes.ascending("workspaceId", "entries.source", "entries.scope")),
            Tuples.of("dnc_outbox", Indexes.ascending("createdAt")),
            Tuples.of("dnc_expiry_schedule", Indexes.ascending("at")),
            Tuples.of("dnc_import_errors", Indexes.ascending("importId", "rowNumber")),
            Tuples.of("dnc_imports", Indexes.compoundIndex(Indexes.ascending("workspaceId"),
                Indexes.descending("createdAt", "_id"))),
            Tuples.of("dnc_imports", Indexes.ascending("status")))
        .concatMap(index -> database.getCollection(index.getT1())
            .createIndex((Bson) index.getT2(), new IndexOptions().background(true)))
        .then()
        .timeout(Duration.ofMinutes(1))
        .subscribe(null, e -> log.warn("could not declare the DNC indexes: {}", e.toString()));
  }
}
