package io.contactsplatform.dncservice.imports;

import io.contactsplatform.dncservice.dnc.DncUpdates;
import io.contactsplatform.support.lease.Leases;
import io.contactsplatform.support.web.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts a DNC import: validates the options, spools the upload to a file (never held in memory),
 * detects the format when the options do not give it, checks the CSV header, and only when all of
 * that is valid records a QUEUED job and hands it to {@link DncImportRunner}. Any 4xx leaves no job
 * and no file behind. With several instances {@code platform.dnc.import.spool-dir} must be a
 * directory every instance mounts (a job is resumed by whichever instance takes its lease over).
 */
@Service
class DncImports {

  private static final int MAX_OPTIONS_BYTES = 1 << 20;

  private final DncImportStore store;
  private final DncImportRunner runner;
  private final DncUpdates updates;
  private final JsonMapper json;
  private final Path spoolDir;
  private final Leases leases;

  DncImports(DncImportStore store, DncImportRunner runner, DncUpdates updates, JsonMapper json,
             @Value("${platform.dnc.import.spool-dir:${java.io.tmpdir}/dnc-service-spool}") Path spoolDir,
             Leases leases) {
    this.leases = leases;
    this.store = store;
    this.runner = runner;
    this.updates = updates;
    this.json = json;
    this.spoolDir = spoolDir;
  }

  Mono<DncImportJob> start(String workspaceId, Part file, Part optionsPart) {
    if (file == null) {
      return Mono.error(ApiException.badRequest("file: required multipart part"));
    }
    Mono<ImportOptions> options = optionsPart == null ? Mono.just(ImportOptions.NONE)
        : text(optionsPart).map(this::parseOptions);
    return options.flatMap(opts -> {
      ImportSettings requested = ImportSettings.of(opts, updates.now());
      return spool(file).flatMap(path -> Mono.fromCallable(() -> prepare(requested, path))
          .subscribeOn(Schedulers.boundedElastic())
          .flatMap(prepared -> {
            DncImportJob job = DncImportJob.queued(UUID.randomUUID().toString(), workspaceId, fileName(file),
                prepared.settings(), prepared.bytes(), updates.now());
            // the lease is taken before the job exists, so no other instance's recovery can claim it first
            return leases.acquire(DncImportRunner.lease(job.id()))
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("lease of a new import is taken")))
                .flatMap(hold -> store.create(job, path)
                    .doOnSuccess(v -> runner.start(job, prepared.reader(), path, hold))
                    .onErrorResume(e -> hold.release().then(Mono.error(e))))
                .thenReturn(job);
          })
          .onErrorResume(e -> Mono.fromRunnable(() -> DncImportRunner.deleteQuietly(path))
              .subscribeOn(Schedulers.boundedElastic()).then(Mono.error(e))));
    });
  }

  private record Prepared(ImportSettings settings, RowReader reader, long bytes) {
  }

  private static Prepared prepare(ImportSettings requested, Path path) throws IOException {
    ImportSettings.Format format = requested.format() != null ? requested.format() : ImportFile.detect(path);
    ImportSettings settings = requested.forFormat(format);
    try (ImportFile file = ImportFile.open(path, format)) {
      return new Prepared(settings, RowReader.of(settings, file.header()), Files.size(path));
    } catch (de.siegmar.fastcsv.reader.CsvParseException e) {
      throw ApiException.unprocessable("file: the header row is not valid CSV: " + e.getMessage());
    }
  }

  /** The row reader of a spooled file whose settings (format included) are known: for resuming a job. */
  static RowReader reader(ImportSettings settings, Path path) throws IOException {
    try (ImportFile file = ImportFile.open(path, settings.format())) {
      return RowReader.of(settings, file.header());
    }
  }

  ImportOptions parseOptions(String text) {
    if (text.isBlank()) {
      return ImportOptions.NONE;
    }
    try {
      ImportOptions options = json.readValue(text, ImportOptions.class);
      return options == null ? ImportOptions.NONE : options;
    } catch (JacksonException e) {
      throw ApiException.badRequest("options: not valid JSON for DNC import options: " + e.getOriginalMessage());
    }
  }

  private Mono<Path> spool(Part file) {
    return Mono.fromCallable(() -> {
          Files.createDirectories(spoolDir);
          return Files.createTempFile(spoolDir, "dnc-import-", ".txt");
        })
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(path -> write(file, path).thenReturn(path)
            .onErrorResume(e -> Mono.fromRunnable(() -> DncImportRunner.deleteQuietly(path)).then(Mono.error(e))));
  }

  private static Mono<Void> write(Part part, Path path) {
    if (part instanceof FilePart filePart) {
      return filePart.transferTo(path);
    }
    if (part instanceof FormFieldPart field) {
      return Mono.fromCallable(() -> Files.writeString(path, field.value(), StandardCharsets.UTF_8))
          .subscribeOn(Schedulers.boundedElastic()).then();
    }
    return DataBufferUtils.write(part.content(), path).then();
  }

  private static Mono<String> text(Part part) {
    if (part instanceof FormFieldPart field) {
      return Mono.just(field.value());
    }
    return DataBufferUtils.join(part.content(), MAX_OPTIONS_BYTES)
        .map(buffer -> {
          try {
            return buffer.toString(StandardCharsets.UTF_8);
          } finally {
            DataBufferUtils.release(buffer);
          }
        })
        .defaultIfEmpty("")
        .onErrorMap(DataBufferLimitException.class,
            e -> ApiException.badRequest("options: larger than " + MAX_OPTIONS_BYTES + " bytes"));
  }

  private static String fileName(Part part) {
    return part instanceof FilePart filePart && filePart.filename() != null && !filePart.filename().isBlank()
        ? filePart.filename() : part.name();
  }
}
