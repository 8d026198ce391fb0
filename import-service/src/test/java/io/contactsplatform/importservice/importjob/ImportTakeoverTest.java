package io.contactsplatform.importservice.importjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.importservice.ImportServiceApplication;
import io.contactsplatform.support.csv.FileInspector;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;

/**
 * An import left RUNNING by another instance: not taken over while that owner's lease is live,
 * taken over once it expired, resumed after its checkpoint and read to the end once; its owner history
 * shows both stints, one after the other.
 */
@SpringBootTest(classes = ImportServiceApplication.class, properties = "platform.lease.scan-every=1h")
class ImportTakeoverTest {

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    ServiceTestProperties.embedded(registry, "import-service");
    registry.add("platform.import.contact-service-url", () -> "http://127.0.0.1:9");
  }

  @Autowired
  ImportJobStore store;
  @Autowired
  ImportRecovery recovery;
  @Autowired
  MongoDatabase database;
  @Autowired
  Leases leases;

  @TempDir
  Path spool;

  @Test
  void aLiveOwnersImportIsLeftAloneAndAnExpiredOnesIsResumedAndReadOnce() throws Exception {
    int rows = 250;
    StringBuilder csv = new StringBuilder("phone,first_name\n");
    for (int i = 0; i < rows; i++) {
      csv.append("+1415555").append(String.format("%04d", i)).append(",Row").append(i).append('\n');
    }
    Path file = spool.resolve("orphan.csv");
    Files.writeString(file, csv);
    List<String> headers = List.of("phone", "first_name");
    ImportJob.SourceFile source = new ImportJob.SourceFile(file, Files.size(file), FileInspector.inspect(file), headers);
    ImportJob job = ImportJob.queued(UUID.randomUUID().toString(), TestWorkspaces.WORKSPACE_A, "orphan.csv",
        ColumnMapping.of(headers, Map.of("phone", "phone", "first_name", "first_name")),
        ImportSettings.of(ImportOptions.NONE), source, 100, Map.of(), Instant.now().minusSeconds(5));
    store.create(job).block();
    // the dead owner had sent and counted the first batch (100 rows) before it stopped
    store.markRunning(job.id(), Instant.now()).block();
    int stint = store.recordOwner(job.id(), "other-instance", Instant.now(), 0).block();
    store.addReadCounts(job.id(), new ImportJobStore.ReadCounts(100, 100, 0, Map.of(), Map.of()), stint).block();
    String lease = ImportRunner.lease(job.id());
    setLease(lease, "other-instance", Instant.now().plusSeconds(3600));

    assertThat(recovery.scan().block()).isZero();
    Thread.sleep(300);
    ImportJob untouched = store.find(TestWorkspaces.WORKSPACE_A, job.id()).block();
    assertThat(untouched.status()).isEqualTo(ImportJob.Status.RUNNING);
    assertThat(untouched.totalRows()).isEqualTo(100);
    assertThat(leases.find(lease).block().owner()).isEqualTo("other-instance");

    setLease(lease, "other-instance", Instant.now().minusSeconds(1));
    assertThat(recovery.scan().block()).isEqualTo(1);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    ImportJob read = store.find(TestWorkspaces.WORKSPACE_A, job.id()).block();
    while (!read.allRowsRead() && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      read = store.find(TestWorkspaces.WORKSPACE_A, job.id()).block();
    }
    assertThat(read.allRowsRead()).isTrue();
    assertThat(read.totalRows()).as("rows 101..250 read once after the checkpoint").isEqualTo(rows);
    assertThat(read.acceptedRows()).isEqualTo(rows);
    assertThat(read.owners()).as("the dead owner's stint, then this instance's from its checkpoint")
        .extracting(JobOwner::owner, JobOwner::from, JobOwner::done)
        .containsExactly(tuple("other-instance", 0L, 100L), tuple(leases.owner(), 100L, (long) rows - 100));
    assertThat(JobOwners.problems(read.owners(), read.totalRows())).isEmpty();
    assertThat(ImportJobView.of(read).owners()).isEqualTo(read.owners());
    Thread.sleep(200);
    assertThat(leases.find(lease).block()).as("released when read").isNull();
    assertThat(recovery.scan().block()).as("nothing left to read").isZero();
  }

  private void setLease(String name, String owner, Instant expiresAt) {
    Mono.from(database.getCollection(Leases.COLLECTION).replaceOne(Filters.eq("_id", name),
        new Document("_id", name).append("owner", owner).append("claimedAt", new Date())
            .append("renewedAt", new Date()).append("expiresAt", Date.from(expiresAt)),
        new ReplaceOptions().upsert(true))).block();
  }
}
