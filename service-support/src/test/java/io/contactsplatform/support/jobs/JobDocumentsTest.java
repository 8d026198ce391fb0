package io.contactsplatform.support.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.contactsplatform.testsupport.TestStore;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The shared job lifecycle: workspace scoping, newest-first pages, and transitions only from unfinished states. */
class JobDocumentsTest {

  private static final Instant T0 = Instant.parse("2026-11-04T15:00:00Z");

  private static TestStore store;
  private static MongoCollection<Document> collection;
  private static JobDocuments jobs;

  @BeforeAll
  static void start() {
    store = TestStore.start();
    collection = store.database("jobs_" + System.nanoTime()).getCollection("jobs");
    jobs = new JobDocuments(collection, "QUEUED", "RUNNING", "REPLACING");
  }

  @AfterAll
  static void stop() {
    store.close();
  }

  private static String insert(String id, String workspace, String status, Instant createdAt) {
    Mono.from(collection.insertOne(new Document("_id", id).append("workspaceId", workspace).append("status", status)
        .append("createdAt", Date.from(createdAt)))).block();
    return id;
  }

  private static Document read(String id) {
    return Mono.from(collection.find(Filters.eq("_id", id)).first()).block();
  }

  @Test
  void shouldScopeToTheWorkspaceAndPageNewestFirst() {
    insert("a1", "wa", "QUEUED", T0);
    insert("a2", "wa", "COMPLETED", T0.plusSeconds(1));
    insert("a3", "wa", "RUNNING", T0.plusSeconds(1));
    insert("b1", "wb", "QUEUED", T0.plusSeconds(2));

    assertThat(jobs.find("wa", "a1").block()).isNotNull();
    assertThat(jobs.find("wb", "a1").blockOptional()).isEmpty();
    assertThat(jobs.newestFirst("wa", null, null, 10).map(d -> d.getString("_id")).collectList().block())
        .containsExactly("a3", "a2", "a1");
    assertThat(jobs.newestFirst("wa", T0.plusSeconds(1), "a3", 10).map(d -> d.getString("_id")).collectList().block())
        .containsExactly("a2", "a1");
    assertThat(jobs.unfinished(Filters.eq("workspaceId", "wa")).map(d -> d.getString("_id")).collectList().block())
        .containsExactlyInAnyOrder("a1", "a3");
  }

  @Test
  void shouldMoveOnlyFromUnfinishedStates() {
    String id = insert("j1", "wc", "QUEUED", T0);
    assertThat(jobs.start(id, T0.plusSeconds(1)).block()).isTrue();
    assertThat(jobs.start(id, T0.plusSeconds(2)).block()).as("not QUEUED any more").isFalse();
    assertThat(read(id).getString("status")).isEqualTo("RUNNING");
    assertThat(read(id).getDate("startedAt")).isEqualTo(Date.from(T0.plusSeconds(1)));

    assertThat(jobs.finish(id, "COMPLETED", T0.plusSeconds(3), Updates.set("rows", 7)).block()).isTrue();
    assertThat(jobs.fail(id, "too late", T0.plusSeconds(4)).block()).isFalse();
    Document done = read(id);
    assertThat(List.of(done.getString("status"), done.getInteger("rows"))).containsExactly("COMPLETED", 7);
    assertThat(done.getDate("finishedAt")).isEqualTo(Date.from(T0.plusSeconds(3)));
    assertThat(done.getString("failureReason")).isNull();

    String replacing = insert("j2", "wc", "REPLACING", T0);
    assertThat(jobs.fail(replacing, "disk full", T0.plusSeconds(5)).block()).isTrue();
    assertThat(read(replacing).getString("status")).isEqualTo("FAILED");
    assertThat(read(replacing).getString("failureReason")).isEqualTo("disk full");
  }

  @Test
  void shouldRoundTripPagePositionsAndRefuseForeignCursors() {
    JobDocuments.Position at = new JobDocuments.Position(T0, "job-1");
    assertThat(JobDocuments.Position.decode(at.encode())).isEqualTo(at);
    assertThat(JobDocuments.Position.decode(null)).isNull();
    for (String foreign : List.of("YWJj", io.contactsplatform.support.web.CursorPage.encodeCursor("12|"),
        io.contactsplatform.support.web.CursorPage.encodeCursor("x|job-1"),
        io.contactsplatform.support.web.CursorPage.encodeCursor("12"))) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> JobDocuments.Position.decode(foreign))
          .as(foreign).isInstanceOf(io.contactsplatform.support.web.ApiException.class);
    }
  }
}
