package io.contactsplatform.support.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.support.mongo.StartupIndexes.Index;
import io.contactsplatform.testsupport.QueryIndexCheck;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link QueryIndexCheck} tells served queries from unserved ones. */
class QueryIndexCheckTest {

  @Test
  void reportsQueriesNoDeclaredIndexServes() {
    MongoDatabase db = QueryIndexCheck.recordingStore().database("qic_" + System.nanoTime());
    StartupIndexes.create(db, List.of(new Index("jobs", Indexes.ascending("workspaceId", "createdAt", "_id")),
        new Index("jobs", Indexes.ascending("status")))).block();
    Mono.from(db.getCollection("jobs").insertOne(new Document("_id", "1").append("workspaceId", "w"))).block();
    Flux.from(db.getCollection("jobs").find(Filters.eq("workspaceId", "w")).sort(Sorts.ascending("createdAt", "_id")))
        .blockLast();
    Flux.from(db.getCollection("jobs").find(Filters.in("status", "A", "B"))).blockLast();
    Flux.from(db.getCollection("jobs").find(Filters.eq("_id", "1"))).blockLast();
    assertThat(QueryIndexCheck.unserved(db, Set.of())).isEmpty();

    Flux.from(db.getCollection("jobs").find(Filters.eq("workspaceId", "w")).sort(Sorts.ascending("name")))
        .blockLast();
    Flux.from(db.getCollection("jobs").find(Filters.eq("actor", "x"))).blockLast();
    Flux.from(db.getCollection("jobs").find()).blockLast();
    assertThat(QueryIndexCheck.unserved(db, Set.of())).hasSize(3)
        .anySatisfy(p -> assertThat(p).contains("sort [name]"))
        .anySatisfy(p -> assertThat(p).contains("actor"))
        .anySatisfy(p -> assertThat(p).contains("reads the whole collection"));
    assertThat(QueryIndexCheck.unserved(db, Set.of("jobs"))).hasSize(2);
  }
}
