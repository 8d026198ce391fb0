package io.contactsplatform.support.dnc;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.testsupport.TestStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The DNC predicate and its MongoDB form agree on a table of entries, campaigns and times. */
class DncRuleTest {

  private static final Instant NOW = Instant.parse("2026-11-04T15:00:00Z");

  /** One entry of the table. */
  private record Entry(String id, String scope, String campaignId, Instant removedAt, Instant expiresAt) {

    Document document() {
      Document d = new Document("_id", id).append("scope", scope);
      if (campaignId != null) {
        d.append("campaignId", campaignId);
      }
      if (removedAt != null) {
        d.append("removedAt", Date.from(removedAt));
      }
      if (expiresAt != null) {
        d.append("expiresAt", Date.from(expiresAt));
      }
      return d;
    }
  }

  private static final List<Entry> ENTRIES = List.of(
      new Entry("active-workspace", "WORKSPACE", null, null, null),
      new Entry("expired-workspace", "WORKSPACE", null, null, NOW.minusSeconds(60)),
      new Entry("expiring-now", "WORKSPACE", null, null, NOW),
      new Entry("future-expiry", "WORKSPACE", null, null, NOW.plus(Duration.ofDays(30))),
      new Entry("removed-workspace", "WORKSPACE", null, NOW.minusSeconds(3600), null),
      new Entry("removed-future-expiry", "WORKSPACE", null, NOW.minusSeconds(1), NOW.plusSeconds(3600)),
      new Entry("campaign-a", "CAMPAIGN", "a", null, null),
      new Entry("campaign-a-future", "CAMPAIGN", "a", null, NOW.plusSeconds(5)),
      new Entry("campaign-a-expired", "CAMPAIGN", "a", null, NOW.minusSeconds(5)),
      new Entry("campaign-b-removed", "CAMPAIGN", "b", NOW.minusSeconds(5), null),
      new Entry("campaign-without-id", "CAMPAIGN", null, null, null));

  private static final List<Instant> TIMES = List.of(NOW.minus(Duration.ofDays(365)), NOW, NOW.plusSeconds(10),
      NOW.plus(Duration.ofDays(60)));

  private static TestStore store;
  private static MongoCollection<Document> entries;
  private static MongoCollection<Document> numbers;

  @BeforeAll
  static void seed() {
    store = TestStore.start();
    MongoDatabase db = store.database("dnc_rule_" + System.nanoTime());
    entries = db.getCollection("entries");
    numbers = db.getCollection("numbers");
    Flux.fromIterable(ENTRIES).concatMap(e -> Mono.from(entries.insertOne(e.document()))).blockLast();
    // each entry alone inside a number's entries array, as contact-service keeps them on a contact
    Flux.fromIterable(ENTRIES).concatMap(e -> Mono.from(numbers.insertOne(
        new Document("_id", e.id()).append("entries", List.of(e.document()))))).blockLast();
  }

  @AfterAll
  static void stop() {
    store.close();
  }

  @Test
  void activeQueryMatchesExactlyTheActiveEntries() {
    for (Instant at : TIMES) {
      Set<String> expected = ids(ENTRIES.stream().filter(e -> DncRule.active(e.removedAt(), e.expiresAt(), at)));
      assertThat(found(entries, DncRule.activeQuery(at))).as("at " + at).isEqualTo(expected);
    }
  }

  @Test
  void blocksQueryMatchesExactlyTheBlockingEntriesDirectlyAndInsideElemMatch() {
    for (Instant at : TIMES) {
      for (String campaign : Arrays.asList(null, "a", "b", "c")) {
        Set<String> expected = ids(ENTRIES.stream()
            .filter(e -> DncRule.blocks(e.scope(), e.campaignId(), e.removedAt(), e.expiresAt(), campaign, at)));
        assertThat(found(entries, DncRule.blocksQuery(campaign, at))).as(campaign + " at " + at).isEqualTo(expected);
        assertThat(found(numbers, Filters.elemMatch("entries", DncRule.blocksQuery(campaign, at))))
            .as("elemMatch " + campaign + " at " + at).isEqualTo(expected);
        Set<String> notBlocked = ids(ENTRIES.stream().filter(e -> !expected.contains(e.id())));
        assertThat(found(numbers, Filters.nor(Filters.elemMatch("entries", DncRule.blocksQuery(campaign, at)))))
            .as("nor " + campaign + " at " + at).isEqualTo(notBlocked);
      }
    }
  }

  @Test
  void tableCoversEveryCase() {
    assertThat(ids(ENTRIES.stream().filter(e -> DncRule.blocks(e.scope(), e.campaignId(), e.removedAt(),
        e.expiresAt(), "a", NOW)))).containsExactly("active-workspace", "campaign-a", "campaign-a-future",
        "future-expiry");
    assertThat(DncRule.blocks("WORKSPACE", null, null, NOW, null, NOW)).as("expiring exactly now").isFalse();
    assertThat(DncRule.blocks("CAMPAIGN", "a", null, null, null, NOW)).as("no campaign: workspace only").isFalse();
    assertThat(DncRule.blocks("CAMPAIGN", null, null, null, null, NOW)).isFalse();
  }

  private static Set<String> ids(java.util.stream.Stream<Entry> stream) {
    return stream.map(Entry::id).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> found(MongoCollection<Document> collection, org.bson.conversions.Bson filter) {
    List<String> ids = new ArrayList<>();
    Flux.from(collection.find(filter)).map(d -> d.getString("_id")).doOnNext(ids::add).blockLast();
    return new TreeSet<>(ids);
  }
}
