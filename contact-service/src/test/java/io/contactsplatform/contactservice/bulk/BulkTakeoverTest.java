package io.contactsplatform.contactservice.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.contactservice.ContactServiceApplication;
import io.contactsplatform.support.lease.Leases;
import io.contactsplatform.testsupport.ServiceTestProperties;
import io.contactsplatform.testsupport.TestWorkspaces;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;

/**
 * A bulk job left RUNNING by another instance: not taken over while that owner's lease is live,
 * taken over once it expired and completed once.
 */
@SpringBootTest(classes = ContactServiceApplication.class, properties = "platform.lease.scan-every=1h")
class BulkTakeoverTest {

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    ServiceTestProperties.embedded(registry, "contact-service");
  }

  @Autowired
  BulkActions actions;
  @Autowired
  BulkStore store;
  @Autowired
  MongoDatabase database;
  @Autowired
  Leases leases;

  @Test
  void aLiveOwnersJobIsLeftAloneAndAnExpiredOnesIsResumedAndCompletedOnce() throws Exception {
    String ws = TestWorkspaces.WORKSPACE_A;
    List<String> ids = List.of("missing-1", "missing-2", "missing-3");
    BulkJob job = new BulkJob(UUID.randomUUID().toString(), "ADD_TAGS", Map.of("tags", List.of("vip")),
        new BulkJob.Selection("IDS", ids, null, null, null, "listed"), "test", BulkJob.RUNNING, null, null,
        0, 0, 0, 0, 0, List.of(), 0, Instant.now(), Instant.now(), null, null);
    store.save(ws, job).block();
    String lease = BulkActions.lease(job.id());
    setLease(lease, "other-instance", Instant.now().plusSeconds(3600));

    assertThat(actions.takeOverOrphans().block()).isZero();
    Thread.sleep(300);
    assertThat(store.find(ws, job.id()).block().status()).isEqualTo(BulkJob.RUNNING);
    assertThat(leases.find(lease).block().owner()).isEqualTo("other-instance");

    setLease(lease, "other-instance", Instant.now().minusSeconds(1));
    assertThat(actions.takeOverOrphans().block()).isEqualTo(1);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    BulkJob done = store.find(ws, job.id()).block();
    while (!BulkJob.COMPLETED.equals(done.status()) && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      done = store.find(ws, job.id()).block();
    }
    assertThat(done.status()).isEqualTo(BulkJob.COMPLETED);
    assertThat(done.processed()).isEqualTo(3);
    assertThat(done.skipped()).isEqualTo(3);
    assertThat(done.owners()).as("one stint, by the instance that took it over").singleElement()
        .satisfies(o -> {
          assertThat(o.owner()).isEqualTo(leases.owner());
          assertThat(o.from()).isZero();
          assertThat(o.done()).isEqualTo(3);
        });
    // the job is COMPLETED, then its lease released: wait for the release, bounded
    Instant releaseDeadline = Instant.now().plusSeconds(10);
    while (leases.find(lease).block() != null && Instant.now().isBefore(releaseDeadline)) {
      Thread.sleep(50);
    }
    assertThat(leases.find(lease).block()).as("released when done").isNull();
    assertThat(actions.takeOverOrphans().block()).isZero();
  }

  private void setLease(String name, String owner, Instant expiresAt) {
    Mono.from(database.getCollection(Leases.COLLECTION).replaceOne(Filters.eq("_id", name),
        new Document("_id", name).append("owner", owner).append("claimedAt", new Date())
            .append("renewedAt", new Date()).append("expiresAt", Date.from(expiresAt)),
        new ReplaceOptions().upsert(true))).block();
  }
}
