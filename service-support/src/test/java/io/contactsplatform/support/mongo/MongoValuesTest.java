package io.contactsplatform.support.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.contactsplatform.testsupport.TestStore;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** {@link MongoValues} tells duplicate keys from other failures on every kind of write, and converts dates. */
class MongoValuesTest {

  @Test
  void recognisesDuplicateKeysOfInsertsBulkWritesAndUpserts() {
    try (TestStore store = TestStore.start()) {
      MongoCollection<Document> c = store.database("mv_" + System.nanoTime()).getCollection("c");
      Mono.from(c.createIndex(Indexes.ascending("key"), new IndexOptions().unique(true))).block();
      Mono.from(c.insertOne(new Document("_id", "1").append("key", "a"))).block();
      Mono.from(c.insertOne(new Document("_id", "2").append("key", "b"))).block();

      Throwable insert = catchThrowable(() -> Mono.from(c.insertOne(new Document("_id", "1"))).block());
      Throwable bulk = catchThrowable(() -> Mono.from(c.bulkWrite(List.of(
          new InsertOneModel<>(new Document("_id", "3").append("key", "a"))))).block());
      Throwable upsert = catchThrowable(() -> Mono.from(c.findOneAndUpdate(Filters.eq("_id", "4"),
          Updates.set("key", "b"), new FindOneAndUpdateOptions().upsert(true))).block());
      Throwable other = catchThrowable(() -> Mono.from(c.updateOne(Filters.eq("_id", "1"),
          Updates.inc("key", 1))).block());

      assertThat(List.of(insert, bulk, upsert)).allSatisfy(e -> {
        assertThat(e).isInstanceOf(MongoException.class);
        assertThat(MongoValues.isDuplicateKey(e)).as(e.toString()).isTrue();
      });
      assertThat(other).isInstanceOf(MongoException.class);
      assertThat(MongoValues.isDuplicateKey(other)).isFalse();
      assertThat(MongoValues.isDuplicateKey(new IllegalStateException("E11000"))).isFalse();
    }
  }

  @Test
  void convertsDatesKeepingNulls() {
    Instant at = Instant.parse("2026-11-04T15:00:00.123Z");
    assertThat(MongoValues.date(at)).isEqualTo(Date.from(at));
    assertThat(MongoValues.instant(Date.from(at))).isEqualTo(at);
    assertThat(MongoValues.instant(new Document("at", Date.from(at)), "at")).isEqualTo(at);
    assertThat(MongoValues.instant(new Document(), "at")).isNull();
    assertThat(MongoValues.date(null)).isNull();
    assertThat(MongoValues.instant((Date) null)).isNull();
  }
}
