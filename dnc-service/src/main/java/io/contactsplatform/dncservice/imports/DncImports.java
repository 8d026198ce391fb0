package io.contactsplatform.dncservice.imports;

import io.contactsplatform.dncservice.dnc.DncUpdates;
import io.contactsplatform.support.web.ApiException;
import de.siegmar.fastcsv.reader.CsvParseException;
import io.contactsplatform.support.csv.CsvFormat;
import io.contactsplatform.support.csv.CsvRows;
import io.contactsplatform.support.csv.FileInspector;
import io.contactsplatform.support.lease.Leases;
import io.contactsplatform.support.upload.Uploads;
import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.stereotype.Service;
import io.contactsplatform.support.auth.Workspace;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.contactsplatform.support.web.StrictJson;

/**
 * Starts a DNC import: receives the upload through the shared {@link Uploads} (spooled to a file,
 * never held in memory; 413 over the size limit), validates the options, detects the format when
 * the options do not give it, checks the CSV header, and only when all of that is valid records a
 * QUEUED job and hands it to {@link DncImportRunner} under the import's lease. Any 4xx leaves no
 * job and no file behind. With several instances {@code platform.dnc.import.spool-dir} must be a
 * directory every instance mounts (a job is resumed by whichever instance takes its lease over).
 */
@Service
class DncImports {

  private final DncImportStore store;
  private final DncImportRunner runner;
  private final DncUpdates updates;
  private final StrictJson strictJson;
  private final Uploads uploads;
  private final Leases leases;

  DncImports(DncImportStore store, DncImportRunner runner, DncUpdates updates, StrictJson strictJson, Uploads uploads,
             Leases leases) {
    this.leases = leases;
    this.store = store;
    this.runner = runner;
    this.updates = updates;
    this.strictJson = strictJson;
    this.uploads = uploads;
  }

  /** Receives and starts an import whose entries are recorded as done by the caller's key. */
  Mono<DncImportJob> start(Workspace caller, Flux<PartEvent> parts, Long contentLength) {
    String workspaceId = caller.id();
    return uploads.receive(parts, contentLength).flatMap(upload -> Mono.fromCallable(
                () -> prepare(ImportSettings.of(parseOptions(upload.options()), caller.actor(), updates.now()), upload.file()))
            .subscribeOn(Schedulers.boundedElastic())
            .flatMap(prepared -> {
              DncImportJob job = DncImportJob.queued(UUID.randomUUID().toString(), workspaceId, upload.fileName(),
                  prepared.settings(), upload.size(), updates.now());
              // the lease is taken before the job exists, so no other instance's recovery can claim it first
              return leases.acquire(DncImportRunner.lease(job.id()))
                  .switchIfEmpty(Mono.error(() -> new IllegalStateException("lease of a new import is taken")))
                  .flatMap(hold -> store.create(job, upload.file())
                      .doOnSuccess(v -> runner.start(job, prepared.reader(), prepared.csv(), upload.file(), hold))
                      .onErrorResume(e -> hold.release().then(Mono.error(e))))
                  .thenReturn(job);
            })
            .onErrorResume(e -> Mono.fromRunnable(() -> Uploads.deleteQuietly(upload.file()))
                .subscribeOn(Schedulers.boundedElastic()).then(Mono.error(e))));
  }

  /** The settings for the detected format, the row reader for its header, and how to read the file. */
  record Prepared(ImportSettings settings, RowReader reader, CsvFormat csv) {
  }

  /**
   * Reads the file with the shared reader ({@link FileInspector}: gzip, encoding and BOM,
   * delimiter, header row; 422 for binary files and NUL bytes), then tells a registry file (its
   * first line is a registry line: no header, comma-separated) from a CSV when the options do not
   * say which.
   */
  static Prepared prepare(ImportSettings requested, Path path) throws IOException {
    CsvFormat csv = FileInspector.inspect(path);
    ImportSettings.Format format = requested.format();
    if (format == null) {
      String first = FileInspector.firstLine(path, csv);
      format = first != null && RowReader.REGISTRY_LINE.matcher(first).matches() ? ImportSettings.Format.REGISTRY
          : ImportSettings.Format.CSV;
    }
    if (format == ImportSettings.Format.REGISTRY) {
      csv = csv.withoutHeader(',');
    }
    ImportSettings settings = requested.forFormat(format);
    try (CsvRows file = CsvRows.open(path, csv)) {
      return new Prepared(settings, RowReader.of(settings, file.header()), csv);
    } catch (CsvParseException | java.io.UncheckedIOException e) {
      throw ApiException.unprocessable("file: the header row is not valid CSV: " + e.getMessage());
    }
  }

  ImportOptions parseOptions(String text) {
    if (text == null || text.isBlank()) {
      return ImportOptions.NONE;
    }
    ImportOptions options = strictJson.read("options", text, ImportOptions.class);
    return options == null ? ImportOptions.NONE : options;
  }
}
