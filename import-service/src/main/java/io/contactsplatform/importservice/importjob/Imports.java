package io.contactsplatform.importservice.importjob;

import de.siegmar.fastcsv.reader.CsvParseException;
import io.contactsplatform.support.web.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
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
 * Starts an import: validates the options, spools the upload to a file (never held in memory),
 * reads its header, applies the operator's mapping or the suggested one, and only when all of
 * that is valid records a QUEUED job and hands it to {@link ImportRunner}. Any 4xx leaves no job
 * and no file behind.
 *
 * <p>Known limits (issue 3): WebFlux's multipart reader spools a large part to its own temp file
 * first, so a file is written twice; no upload size limit yet; no binary/non-CSV detection.
 */
@Service
class Imports {

  private static final int MAX_OPTIONS_BYTES = 1 << 20;

  private final ImportJobStore store;
  private final ImportRunner runner;
  private final ImportProperties properties;
  private final JsonMapper json;

  Imports(ImportJobStore store, ImportRunner runner, ImportProperties properties, JsonMapper json) {
    this.store = store;
    this.runner = runner;
    this.properties = properties;
    this.json = json;
  }

  /** The queued job with the mapping in effect; 400/422 problems when the request breaks a rule. */
  Mono<ImportJob> start(String workspaceId, Part file, Part optionsPart) {
    Mono<ImportOptions> options = optionsPart == null ? Mono.just(ImportOptions.NONE)
        : text(optionsPart).map(this::parseOptions);
    return options.flatMap(opts -> {
      ImportSettings settings = ImportSettings.of(opts);
      return spool(file).flatMap(path -> Mono.fromCallable(() -> header(path))
          .subscribeOn(Schedulers.boundedElastic())
          .map(header -> opts.mapping() == null ? ColumnMapping.suggest(header) : ColumnMapping.of(header, opts.mapping()))
          .flatMap(mapping -> {
            ImportJob job = ImportJob.queued(UUID.randomUUID().toString(), workspaceId, fileName(file),
                mapping.asMap(), settings, Instant.now());
            return store.create(job).doOnSuccess(v -> runner.start(job, mapping, path)).thenReturn(job);
          })
          .onErrorResume(e -> Mono.fromRunnable(() -> ImportRunner.deleteQuietly(path))
              .subscribeOn(Schedulers.boundedElastic()).then(Mono.error(e))));
    });
  }

  ImportOptions parseOptions(String text) {
    if (text.isBlank()) {
      return ImportOptions.NONE;
    }
    try {
      ImportOptions options = json.readValue(text, ImportOptions.class);
      return options == null ? ImportOptions.NONE : options;
    } catch (JacksonException e) {
      throw ApiException.badRequest("options: not valid JSON for import options: " + e.getOriginalMessage());
    }
  }

  private static List<String> header(Path path) throws IOException {
    try (CsvRows rows = CsvRows.open(path)) {
      if (rows.header().isEmpty()) {
        throw ApiException.unprocessable("file: empty; the first row must be a header row");
      }
      return rows.header();
    } catch (CsvParseException e) {
      throw ApiException.unprocessable("file: the header row is not valid CSV: " + e.getMessage());
    }
  }

  private Mono<Path> spool(Part file) {
    return Mono.fromCallable(() -> {
          Files.createDirectories(properties.spoolDir());
          return Files.createTempFile(properties.spoolDir(), "import-", ".csv");
        })
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(path -> write(file, path).thenReturn(path)
            .onErrorResume(e -> Mono.fromRunnable(() -> ImportRunner.deleteQuietly(path)).then(Mono.error(e))));
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
