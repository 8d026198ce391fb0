package io.contactsplatform.dncservice.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.dncservice.DncServiceApplication;
import io.contactsplatform.support.lease.JobOwner;
import io.contactsplatform.support.lease.JobOwners;
import io.contactsplatform.support.lease.Leases;
import io.contactsplatform.testsupport.ServiceTestProperties;
import io.contactsplatform.testsupport.TestWorkspaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;

/**
 * A DNC import left RUNNING by another instance: not taken over while that owner's lease is live,
 * taken over once it expired, resumed from its checkpoint and completed once.
 */
@SpringBootTest(classes = DncServiceApplication.class, properties = {
    "platform.lease.scan-every=1h", "platform.dnc.import.batch-size=100"})
class DncImportTakeoverTest {

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    ServiceTestProperties.embedded(registry, "dnc-service");
  }

  @Autowired
  DncImportStore store;
  @Autowired
  DncImportRecovery recovery;
  @Autowired
  MongoDatabase database;
  @Autowired
  Leases leases;

  @TempDir
  Path spool;

  @Test
  void aLiveOwnersImportIsLeftAloneAndAnExpiredOnesIsResumedAndCompletedOnce() throws Exception {
    StringBuilder file = new StringBuilder();
    int rows = 450;
    for (int i = 0; i < rows; i++) {
      file.append("415").append(",").append(200 + ThreadLocalRandom.current().nextInt(700))
          .append(String.format("%04d", i)).append('\n');
    }
    Path spooled = spool.resolve("orphan.txt");
    Files.writeString(spooled, file);
    ImportSettings settings = ImportSettings.of(ImportOptions.NONE, Instant.now())
        .forFormat(ImportSettings.Format.REGISTRY);
    DncImportJob queued = DncImportJob.queued(UUID.randomUUID().toString(), TestWorkspaces.WORKSPACE_A, "orphan.txt",
        settings, Files.size(spooled), Instant.now());
    store.create(queued, spooled).block();
    // the dead owner had read and counted the first 200 rows (two batches) before it stopped
    store.markRunning(queued.id(), Instant.now()).block();
    int stint = store.recordOwner(queued.id(), "other-instance", Instant.now(), 0).block();
    store.addCounts(queued.id(), new DncImportStore.BatchCounts(200, 0, 0, 0, 0, java.util.Map.of()), 0, stint).block();
    String lease = DncImportRunner.lease(queued.id());
    setLease(lease, "other-instance", Instant.now().plusSeconds(3600));

    assertThat(recovery.scan().block()).isZero();
    Thread.sleep(300);
    DncImportJob untouched = store.find(TestWorkspaces.WORKSPACE_A, queued.id()).block();
    assertThat(untouched.status()).isEqualTo(DncImportJob.Status.RUNNING);
    assertThat(untouched.totalRows()).isEqualTo(200);
    assertThat(leases.find(lease).block().owner()).isEqualTo("other-instance");

    setLease(lease, "other-instance", Instant.now().minusSeconds(1));
    assertThat(recovery.scan().block()).isEqualTo(1);
    DncImportJob done = await(queued.id());
    assertThat(done.status()).isEqualTo(DncImportJob.Status.COMPLETED);
    assertThat(done.totalRows()).as("resumed after the checkpoint: rows 201..450 counted once").isEqualTo(rows);
    assertThat(done.added()).isEqualTo(rows - 200);
    assertThat(done.owners()).extracting(JobOwner::owner, JobOwner::from, JobOwner::done)
        .containsExactly(tuple("other-instance", 0L, 200L), tuple(leases.owner(), 200L, (long) rows - 200));
    assertThat(JobOwners.problems(done.owners(), done.totalRows())).isEmpty();
    // the runner marks the job COMPLETED, then releases its lease: wait for the release, bounded
    Instant releaseDeadline = Instant.now().plusSeconds(10);
    while (leases.find(lease).block() != null && Instant.now().isBefore(releaseDeadline)) {
      Thread.sleep(50);
    }
    assertThat(leases.find(lease).block()).as("released when done").isNull();
    assertThat(recovery.scan().block()).as("nothing left to take over").isZero();
    assertThat(Files.exists(spooled)).isFalse();
  }

  private DncImportJob await(String id) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    DncImportJob job = store.find(TestWorkspaces.WORKSPACE_A, id).block();
    while (job.status() != DncImportJob.Status.COMPLETED && job.status() != DncImportJob.Status.FAILED
        && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      job = store.find(TestWorkspaces.WORKSPACE_A, id).block();
    }
    return job;
  }

  private void setLease(String name, String owner, Instant expiresAt) {
    Mono.from(database.getCollection(Leases.COLLECTION).replaceOne(Filters.eq("_id", name),
        new Document("_id", name).append("owner", owner).append("claimedAt", new Date())
            .append("renewedAt", new Date()).append("expiresAt", Date.from(expiresAt)),
        new ReplaceOptions().upsert(true))).block();
  }
}
