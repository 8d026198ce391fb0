package io.contactsplatform.localstack.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.AbstractMongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queries naming {@code _id} plus further conditions: served from the index, answered as MongoDB would. */
class UniqueKeyLookupTest {

  @TempDir
  Path dir;

  KeyOrderH2Backend backend;
  MongoServer server;
  MongoClient client;
  MongoCollection<Document> numbers;

  @BeforeEach
  void start() {
    backend = new KeyOrderH2Backend(dir.resolve("store.mv").toString());
    server = new MongoServer(backend);
    InetSocketAddress address = server.bind();
    client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
    numbers = client.getDatabase("dnc").getCollection("numbers");
    List<Document> documents = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      documents.add(new Document("_id", "ws|+1415555" + (1000 + i)).append("version", 3L).append("n", i));
    }
    numbers.insertMany(documents);
  }

  @AfterEach
  void stop() {
    client.close();
    server.shutdown();
    backend.close();
  }

  @Test
  void shouldServeAQueryOnTheIdWithFurtherConditionsFromTheIdIndex() {
    Index<Object> id = idIndex();
    var withVersion = new de.bwaldvogel.mongo.bson.Document("_id", "ws|+14155551500")
        .append("version", new de.bwaldvogel.mongo.bson.Document("$lt", 5L));

    assertThat(id).isInstanceOf(UniqueKeyLookup.class);
    assertThat(id.canHandle(withVersion)).isTrue();
    assertThat(id.getPositions(withVersion)).hasSize(1);
    assertThat(Filters.and(Filters.eq("_id", "x"), Filters.lt("version", 5L)).toBsonDocument())
        .as("the driver's rendering of Filters.and").containsKey("$and");
    var driverAnd = new de.bwaldvogel.mongo.bson.Document("$and", List.of(
        new de.bwaldvogel.mongo.bson.Document("_id", "ws|+14155551500"),
        new de.bwaldvogel.mongo.bson.Document("version", new de.bwaldvogel.mongo.bson.Document("$lt", 5L))));
    assertThat(id.canHandle(driverAnd)).isTrue();
    assertThat(id.getPositions(driverAnd)).hasSize(1);
    assertThat(id.canHandle(new de.bwaldvogel.mongo.bson.Document("$or", List.of(
        new de.bwaldvogel.mongo.bson.Document("_id", "ws|+14155551500"),
        new de.bwaldvogel.mongo.bson.Document("version", 3L))))).isFalse();
    assertThat(id.canHandle(new de.bwaldvogel.mongo.bson.Document("version", 3L))).isFalse();
    assertThat(id.canHandle(new de.bwaldvogel.mongo.bson.Document("_id",
        new de.bwaldvogel.mongo.bson.Document("$gt", "ws|")).append("version", 3L))).isFalse();
  }

  @Test
  void shouldStillMatchTheWholeQueryOnTheDocumentTheIndexFinds() {
    Document found = numbers.find(Filters.and(Filters.eq("_id", "ws|+14155551500"), Filters.eq("version", 3L))).first();
    assertThat(found).isNotNull();
    assertThat(found.getInteger("n")).isEqualTo(500);
    assertThat(numbers.find(Filters.and(Filters.eq("_id", "ws|+14155551500"), Filters.eq("version", 4L))).first())
        .isNull();
    assertThat(numbers.updateOne(Filters.and(Filters.eq("_id", "ws|+14155551501"), Filters.eq("n", 999)),
        Updates.set("n", -1)).getMatchedCount()).isZero();
    assertThat(numbers.updateOne(Filters.and(Filters.eq("_id", "ws|+14155551501"), Filters.eq("n", 501)),
        Updates.set("n", -1)).getMatchedCount()).isOne();
    assertThat(numbers.countDocuments(Filters.and(Filters.in("_id", "ws|+14155551000", "ws|+14155551001", "x"),
        Filters.gte("n", 1)))).isOne();
  }

  @Test
  void shouldReplaceOnlyAnOlderVersionAndRefuseTheStaleUpsertByItsId() {
    String id = "ws|+14155551002";
    ReplaceOptions upsert = new ReplaceOptions().upsert(true);

    assertThat(numbers.replaceOne(Filters.and(Filters.eq("_id", id), Filters.lt("version", 4L)),
        new Document("_id", id).append("version", 4L), upsert).getModifiedCount()).isOne();
    assertThatThrownBy(() -> numbers.replaceOne(Filters.and(Filters.eq("_id", id), Filters.lt("version", 2L)),
        new Document("_id", id).append("version", 2L), upsert))
        .isInstanceOfSatisfying(MongoWriteException.class,
            e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
    assertThat(numbers.find(Filters.eq("_id", id)).first().getLong("version")).isEqualTo(4L);
    assertThat(numbers.replaceOne(Filters.and(Filters.eq("_id", "ws|+19999999999"), Filters.lt("version", 1L)),
        new Document("_id", "ws|+19999999999").append("version", 1L), upsert).getUpsertedId()).isNotNull();
    assertThat(numbers.countDocuments()).isEqualTo(1_001);
  }

  @SuppressWarnings("unchecked")
  private Index<Object> idIndex() {
    var collection = (AbstractMongoCollection<Object>) backend.resolveDatabase("dnc").resolveCollection("numbers", true);
    return collection.getIndexes().stream().filter(i -> i.getName().equals("_id_")).findFirst().orElseThrow();
  }
}
