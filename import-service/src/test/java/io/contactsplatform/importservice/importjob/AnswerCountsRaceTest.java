package io.contactsplatform.importservice.importjob;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.importservice.ImportServiceApplication;
import io.contactsplatform.support.csv.FileInspector;
import io.contactsplatform.testsupport.ServiceTestProperties;
import io.contactsplatform.testsupport.TestWorkspaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An import's counters against a reconciliation (start-up or orphan scan) that runs while answers are
 * being counted: a chunk is written, then its rows' increment lands after the reconciliation. The
 * counters must count each row once, whether the reconciliation finds the import finished or not.
 */
@SpringBootTest(classes = ImportServiceApplication.class, properties = "platform.lease.scan-every=1h")
class AnswerCountsRaceTest {

  private static final ImportJobStore.AnswerCounts CREATED = new ImportJobStore.AnswerCounts(1, 0, 0, Map.of());

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    ServiceTestProperties.embedded(registry, "import-service");
    registry.add("platform.import.contact-service-url", () -> "http://127.0.0.1:9");
  }

  @Autowired
  ImportJobStore store;
  @Autowired
  ImportResults results;

  @TempDir
  Path spool;

  @Test
  void shouldCountEachRowOnceWhenTheIncrementLandsAfterAReconciliationOfAFinishedImport() throws Exception {
    ImportJob job = readImport(10);
    answerInChunk(job, 1, 10);

    results.reconcile(store.find(TestWorkspaces.WORKSPACE_A, job.id()).block()).block();
    store.addAnswers(job.id(), times(10)).block();

    ImportJob done = store.find(TestWorkspaces.WORKSPACE_A, job.id()).block();
    assertThat(done.status()).isEqualTo(ImportJob.Status.COMPLETED);
    assertThat(done.created()).isEqualTo(10);
    assertThat(done.processedRows()).isEqualTo(10);
  }

  @Test
  void shouldCountEachRowOnceWhenTheIncrementLandsAfterAReconciliationOfAnImportUnderWay() throws Exception {
    ImportJob job = readImport(20);
    answerInChunk(job, 1, 10);

    results.reconcile(store.find(TestWorkspaces.WORKSPACE_A, job.id()).block()).block();
    store.addAnswers(job.id(), times(10)).block();

    ImportJob halfway = store.find(TestWorkspaces.WORKSPACE_A, job.id()).block();
    assertThat(halfway.status()).isEqualTo(ImportJob.Status.RUNNING);
    assertThat(halfway.created()).isEqualTo(10);
    assertThat(halfway.processedRows()).isEqualTo(10);

    answerInChunk(job, 11, 20);
    ImportJob counted = store.addAnswers(job.id(), times(10)).block();
    assertThat(store.completeIfAllAnswered(counted).block()).isTrue();
    ImportJob done = store.find(TestWorkspaces.WORKSPACE_A, job.id()).block();
    assertThat(done.status()).isEqualTo(ImportJob.Status.COMPLETED);
    assertThat(done.created()).isEqualTo(20);
  }

  @Test
  void shouldCompleteWithTheChunksCountsWhenAnIncrementWasLostInACrash() throws Exception {
    ImportJob job = readImport(10);
    answerInChunk(job, 1, 10);
    store.addAnswers(job.id(), times(4)).block(); // the increment of rows 5..10 never landed

    results.reconcile(store.find(TestWorkspaces.WORKSPACE_A, job.id()).block()).block();

    ImportJob done = store.find(TestWorkspaces.WORKSPACE_A, job.id()).block();
    assertThat(done.status()).isEqualTo(ImportJob.Status.COMPLETED);
    assertThat(done.created()).isEqualTo(10);
    assertThat(done.processedRows()).isEqualTo(10);
  }

  /** A RUNNING import of {@code rows} rows, every one read and accepted, none answered yet. */
  private ImportJob readImport(int rows) throws Exception {
    Path file = spool.resolve(UUID.randomUUID() + ".csv");
    Files.writeString(file, "phone\n+14155550100\n");
    List<String> headers = List.of("phone");
    ImportJob.SourceFile source = new ImportJob.SourceFile(file, Files.size(file), FileInspector.inspect(file), headers);
    ImportJob job = ImportJob.queued(UUID.randomUUID().toString(), TestWorkspaces.WORKSPACE_A, "race.csv",
        ColumnMapping.of(headers, Map.of("phone", "phone")), ImportSettings.of(ImportOptions.NONE), source, 100,
        Map.of(), Instant.now());
    store.create(job).block();
    store.markRunning(job.id(), Instant.now()).block();
    store.addReadCounts(job.id(), new ImportJobStore.ReadCounts(rows, rows, 0, Map.of(), Map.of())).block();
    store.finishReading(job.id()).block();
    return store.find(TestWorkspaces.WORKSPACE_A, job.id()).block();
  }

  /** Marks rows {@code from}..{@code to} answered (created) in their chunk, as the result listener does first. */
  private void answerInChunk(ImportJob job, long from, long to) {
    long index = ImportJobStore.AnswerChunk.indexOf(from);
    ImportJobStore.AnswerChunk chunk = store.chunks(job.id(), List.of(index)).block()
        .getOrDefault(index, ImportJobStore.AnswerChunk.empty(index));
    long version = chunk.version();
    for (long row = from; row <= to; row++) {
      chunk.mark(row, CREATED);
    }
    assertThat(store.saveChunk(job.id(), chunk, version).block()).isTrue();
  }

  private static ImportJobStore.AnswerCounts times(int n) {
    return new ImportJobStore.AnswerCounts(n, 0, 0, Map.of());
  }
}
