package io.contactsplatform.importservice.importjob;

import io.contactsplatform.support.csv.FileInspector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@link ImportRunner} stopping between batches when its job is cancelled, with the store and broker played by mocks. */
class ImportRunnerCancelTest {

  @TempDir
  Path dir;

  @Test
  void shouldStopReadingBetweenBatchesCountTheBatchesSentAndEndCancelled() throws IOException {
    StringBuilder csv = new StringBuilder("phone\n");
    for (int i = 0; i < 1000; i++) {
      csv.append(String.format("+1415%03d%04d%n", 200 + i / 10, i));
    }
    Path file = dir.resolve("big.csv");
    Files.writeString(file, csv);
    ImportJob job = job(file);
    ImportJobStore store = mock(ImportJobStore.class);
    ImportEvents events = mock(ImportEvents.class);
    AtomicInteger checks = new AtomicInteger();
    List<ImportJobStore.ReadCounts> counted = new ArrayList<>();
    when(store.markRunning(anyString(), any())).thenReturn(Mono.empty());
    when(store.setExpectedRows(anyString(), anyLong())).thenReturn(Mono.empty());
    when(store.saveIssues(any(), anyLong(), any())).thenReturn(Mono.empty());
    when(store.markCancelled(anyString(), any())).thenReturn(Mono.empty());
    when(store.addReadCounts(anyString(), any(), anyInt())).thenAnswer(call -> {
      counted.add(call.getArgument(1));
      return Mono.empty();
    });
    // the first check (before reading) and two batch boundaries pass; the third boundary finds the cancel,
    // so batches 1 and 2 are sent and counted and batch 3 is never sent
    when(store.stopRequested(anyString())).thenAnswer(call -> Mono.just(checks.incrementAndGet() > 3));
    when(events.sendAll(any(), any())).thenReturn(CompletableFuture.completedFuture(null));
    ImportRunner runner = new ImportRunner(store, events, Schedulers.immediate());
    runner.start();

    runner.run(job);

    verify(store).setExpectedRows("id", 1000);
    verify(store).markCancelled(eq("id"), any());
    verify(store, never()).finishReading(anyString());
    verify(store, never()).fail(anyString(), anyString());
    assertThat(counted).hasSize(2).allSatisfy(c -> assertThat(c.rows()).isEqualTo(100));
    assertThat(counted.stream().mapToLong(ImportJobStore.ReadCounts::accepted).sum()).isEqualTo(200);
    verify(events, org.mockito.Mockito.times(2)).sendAll(any(), any());
    assertThat(file).doesNotExist();
  }

  @Test
  void shouldNotReadAJobCancelledWhileQueued() throws IOException {
    Path file = dir.resolve("small.csv");
    Files.writeString(file, "phone\n+14155550132\n");
    ImportJobStore store = mock(ImportJobStore.class);
    ImportEvents events = mock(ImportEvents.class);
    when(store.markRunning(anyString(), any())).thenReturn(Mono.empty());
    when(store.stopRequested(anyString())).thenReturn(Mono.just(true));
    when(store.markCancelled(anyString(), any())).thenReturn(Mono.empty());
    ImportRunner runner = new ImportRunner(store, events, Schedulers.immediate());
    runner.start();

    runner.run(job(file));

    verify(store).markCancelled(eq("id"), any());
    verify(events, never()).sendAll(any(), any());
    verify(store, never()).addReadCounts(anyString(), any(), anyInt());
    assertThat(file).doesNotExist();
  }

  private static ImportJob job(Path file) throws IOException {
    ImportJob.SourceFile source = new ImportJob.SourceFile(file, Files.size(file), FileInspector.inspect(file),
        List.of("phone"));
    return new ImportJob("id", "ws", "big.csv", ImportJob.Status.QUEUED, Map.of("phone", "phone"),
        ImportSettings.of(ImportOptions.NONE), source, 100, Map.of(), 0, 0, 0, 0, 0, 0, 0, Map.of(), Map.of(),
        Map.of(), false, Instant.now(), null, null, null, 0, ImportJob.Actor.API, false);
  }
}
