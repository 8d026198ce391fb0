package io.contactsplatform.importservice.importjob;

import io.contactsplatform.support.csv.CsvFormat;
import io.contactsplatform.support.csv.CsvRow;
import io.contactsplatform.support.csv.CsvRows;
import io.contactsplatform.support.csv.FileInspector;
import de.siegmar.fastcsv.reader.CsvParseException;
import io.contactsplatform.events.contact.upsert.DuplicatePolicy;
import io.contactsplatform.importservice.contacts.ExistingContactsClient;
import io.contactsplatform.importservice.customfield.CustomFieldClient;
import io.contactsplatform.importservice.customfield.CustomFieldDefinition;
import io.contactsplatform.support.customfield.CustomFieldType;
import io.contactsplatform.support.upload.Upload;
import io.contactsplatform.support.upload.Uploads;
import io.contactsplatform.support.lease.Leases;
import io.contactsplatform.support.web.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import io.contactsplatform.support.web.StrictJson;

/**
 * Starts and previews imports. Start: receives the upload ({@link Uploads}: streamed to the
 * spool, 413 over the size limit), validates the options, detects the file's format
 * ({@link FileInspector}: 422 for binary or non-CSV files), reads its header, reads the
 * workspace's custom fields from contact-service when the mapping names {@code cf:} targets (or
 * to suggest them), applies the operator's mapping or the suggested one, and only when all of
 * that is valid records a QUEUED job and hands it to {@link ImportRunner}. Any 4xx leaves no job
 * and no file behind. Preview: the same detection (or the operator's encoding and delimiter),
 * then the header, the first rows, the row count, the suggested mapping, the targets to choose
 * from and the mapping's clashes. Dry run: every check of a start, then the file read as the
 * runner would read it ({@link ReviewTally}) and, optionally, the numbers looked up in
 * contact-service ({@link ExistingContactsClient}). Preview and dry run store nothing and delete
 * the file afterwards.
 */
@Service
class Imports {

  static final int PREVIEW_ROWS = 20;
  private static final Logger log = LoggerFactory.getLogger(Imports.class);

  private final ImportJobStore store;
  private final ImportRunner runner;
  private final Uploads uploads;
  private final CustomFieldClient customFields;
  private final ExistingContactsClient existingContacts;
  private final ImportProperties properties;
  private final StrictJson strictJson;
  private final Leases leases;

  Imports(ImportJobStore store, ImportRunner runner, Uploads uploads, CustomFieldClient customFields,
          ExistingContactsClient existingContacts, ImportProperties properties, StrictJson strictJson, Leases leases) {
    this.leases = leases;
    this.existingContacts = existingContacts;
    this.store = store;
    this.runner = runner;
    this.uploads = uploads;
    this.customFields = customFields;
    this.properties = properties;
    this.strictJson = strictJson;
  }

  /** The queued job; 400/413/422/502 problems when the request breaks a rule. */
  Mono<ImportJob> start(String workspaceId, String authorization, ImportJob.Actor actor, Flux<PartEvent> parts,
                        Long contentLength) {
    return uploads.receive(parts, contentLength).flatMap(upload -> prepare(upload, authorization)
        .map(p -> ImportJob.queued(UUID.randomUUID().toString(), workspaceId, upload.fileName(), p.mapping(),
            p.settings(), p.file(), properties.batchSize(), mapped(p.mapping(), p.definitions()), Instant.now(), actor))
        // the lease is taken before the job exists, so no other instance's recovery can claim it first
        .flatMap(job -> leases.acquire(ImportRunner.lease(job.id()))
            .switchIfEmpty(Mono.error(() -> new IllegalStateException("lease of a new import is taken")))
            .flatMap(hold -> store.create(job)
                .onErrorResume(e -> hold.release().then(Mono.error(e)))
                .then(Mono.fromRunnable(() -> runner.start(job, hold))))
            .thenReturn(job))
        .onErrorResume(e -> deleteLater(upload).then(Mono.error(e))));
  }

  /** An upload checked exactly as an import would be: its options, format, mapping and custom fields. */
  private record Prepared(ImportSettings settings, ImportJob.SourceFile file, ColumnMapping mapping,
                          Map<String, CustomFieldDefinition> definitions) {
  }

  private Mono<Prepared> prepare(Upload upload, String authorization) {
    return Mono.defer(() -> {
      ImportOptions options = parseOptions(upload.options());
      ImportSettings settings = ImportSettings.of(options);
      return inspect(upload, options).doOnNext(file -> precheck(file, options.mapping()))
          .flatMap(file -> definitions(options.mapping(), authorization)
              .map(definitions -> new Prepared(settings, file,
                  options.mapping() == null ? ColumnMapping.suggest(file.headers(), definitions)
                      : ColumnMapping.of(file.headers(), options.mapping(), definitions), definitions)));
    });
  }

  /**
   * The dry run: the upload read exactly as {@link #start} would read it (same options, same
   * rules, both passes), counting instead of sending; then, when {@code lookupExisting} and the
   * file holds at most {@code platform.import.dry-run-lookup-limit} distinct numbers,
   * contact-service is asked which numbers already exist (502 when it cannot answer). Nothing is
   * stored; the upload is deleted afterwards.
   */
  Mono<ImportReview> dryRun(String authorization, Flux<PartEvent> parts, Long contentLength, int samplesPerCode,
                            boolean lookupExisting) {
    int maxPhones = lookupExisting ? properties.dryRunLookupLimit() : 0;
    return uploads.receive(parts, contentLength).flatMap(upload -> prepare(upload, authorization)
        .flatMap(p -> Mono.fromCallable(() -> ReviewTally.read(p.file(), p.mapping(), p.settings(),
                mapped(p.mapping(), p.definitions()), samplesPerCode, maxPhones))
            .subscribeOn(Schedulers.boundedElastic())
            .flatMap(tally -> {
              if (!lookupExisting) {
                return Mono.just(review(upload, p, tally, ImportReview.Lookup.NOT_REQUESTED, Set.of()));
              }
              if (!tally.phonesComplete()) {
                return Mono.just(review(upload, p, tally, ImportReview.Lookup.SKIPPED_TOO_MANY, Set.of()));
              }
              return existingContacts.existing(authorization, tally.phones())
                  .map(existing -> review(upload, p, tally, ImportReview.Lookup.DONE, existing));
            }))
        .doFinally(signal -> Uploads.deleteQuietly(upload.file())));
  }

  private ImportReview review(Upload upload, Prepared p, ReviewTally.Result tally, ImportReview.Lookup lookup,
                              Set<String> existing) {
    Long create = null;
    Long update = null;
    Long skip = null;
    List<String> notes = new ArrayList<>();
    if (lookup == ImportReview.Lookup.DONE) {
      long known = tally.phones().stream().filter(existing::contains).count();
      create = tally.newOrUpdated() - known;
      boolean skipping = p.settings().duplicatePolicy() == DuplicatePolicy.SKIP_EXISTING;
      update = skipping ? 0 : known;
      skip = skipping ? known : 0;
    } else if (lookup == ImportReview.Lookup.SKIPPED_TOO_MANY) {
      notes.add("more than " + properties.dryRunLookupLimit() + " distinct numbers: contact-service was not asked "
          + "which exist, so newOrUpdated is not split into willCreate / willUpdate");
    }
    ImportSettings s = p.settings();
    return new ImportReview(upload.fileName(), upload.size(), p.file().format().describeEncoding(),
        p.file().format().describeDelimiter(), p.file().headers(), p.mapping().asMap(), s.defaultRegion(),
        s.duplicatePolicy().name(), s.tags(), s.campaignId(), tally.rows(), tally.validRows(), tally.newOrUpdated(),
        create, update, skip, lookup.name(), tally.mergedInFile(), tally.rejectedRows(), tally.rejected(),
        tally.warnedRows(), tally.warnings(), tally.samples(), notes);
  }

  /** What a preview shows; the upload is deleted afterwards. */
  Mono<ImportPreview> preview(String authorization, Flux<PartEvent> parts, Long contentLength) {
    return uploads.receive(parts, contentLength).flatMap(upload -> Mono.defer(() -> {
          ImportOptions options = parseOptions(upload.options());
          return inspect(upload, options)
              .flatMap(file -> customFields.definitions(authorization)
                  .map(definitions -> new Definitions(definitions, true))
                  .onErrorResume(e -> {
                    log.info("preview without custom fields: {}", e.getMessage());
                    return Mono.just(new Definitions(Map.of(), false));
                  })
                  .flatMap(definitions -> Mono.fromCallable(() -> read(upload, file, definitions, options.mapping()))
                      .subscribeOn(Schedulers.boundedElastic())));
        })
        .doFinally(signal -> Uploads.deleteQuietly(upload.file())));
  }

  private record Definitions(Map<String, CustomFieldDefinition> byKey, boolean available) {
  }

  private static ImportPreview read(Upload upload, ImportJob.SourceFile file, Definitions definitions,
                                    Map<String, String> requested) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    long count = 0;
    long malformed = 0;
    try (CsvRows csv = CsvRows.open(file.path(), file.format())) {
      while (csv.hasNext()) {
        CsvRow row = csv.next();
        count++;
        if (row.malformed() != null) {
          malformed++;
        }
        if (rows.size() < PREVIEW_ROWS) {
          rows.add(row.fields());
        }
      }
      ColumnMapping suggested = ColumnMapping.suggestUnchecked(file.headers(), definitions.byKey());
      List<String> notes = new ArrayList<>();
      if (suggested.asMap().values().stream().noneMatch(MappingTarget.PHONE.id()::equals)) {
        notes.add("no column was recognised as the phone number: map one to 'phone' when starting the import");
      }
      if (!definitions.available()) {
        notes.add("custom fields could not be read from contact-service; none are suggested");
      }
      if (malformed > 0) {
        notes.add(malformed + " rows do not have the header's cell count (or are not valid CSV); they will be "
            + "reported as MALFORMED_ROW");
      }
      Map<String, String> shown = requested != null ? requested : suggested.asMap();
      return new ImportPreview(upload.fileName(), upload.size(), file.format().describeEncoding(),
          file.format().describeDelimiter(), csv.headerLine(), file.headers(), rows, count, suggested.asMap(), notes,
          ImportPreview.Choices.STANDARD, definitions.byKey().values().stream().map(ImportPreview.CustomTarget::of).toList(),
          ColumnMapping.clashes(shown));
    }
  }

  private Mono<ImportJob.SourceFile> inspect(Upload upload, ImportOptions options) {
    return Mono.fromCallable(() -> {
      CsvFormat format = FileInspector.inspect(upload.file(), options.encoding(), options.delimiter());
      try (CsvRows rows = CsvRows.open(upload.file(), format)) {
        if (rows.header().isEmpty() || rows.header().stream().allMatch(String::isBlank)) {
          throw ApiException.unprocessable("file: no header row found; the first row of the table must name its columns");
        }
        return new ImportJob.SourceFile(upload.file(), upload.size(), format, rows.header());
      } catch (CsvParseException | UncheckedIOException e) {
        throw ApiException.unprocessable("file: the header row is not valid CSV: " + e.getMessage());
      }
    }).subscribeOn(Schedulers.boundedElastic());
  }

  /**
   * Checks the operator's mapping with every {@code cf:} key taken as known, so its other
   * problems are reported even when contact-service cannot be asked about custom fields.
   */
  private static void precheck(ImportJob.SourceFile file, Map<String, String> mapping) {
    if (mapping == null || !ColumnMapping.namesCustomFields(mapping)) {
      return;
    }
    Map<String, CustomFieldDefinition> anyKey = new LinkedHashMap<>();
    mapping.values().stream().filter(t -> t != null && t.trim().toLowerCase(Locale.ROOT).startsWith("cf:"))
        .map(t -> t.trim().substring(3).trim())
        .forEach(key -> anyKey.put(key, new CustomFieldDefinition(key, key,
            CustomFieldType.TEXT, false, List.of(), null)));
    ColumnMapping.of(file.headers(), mapping, anyKey);
  }

  /** The workspace's custom fields: required when the mapping names one, best effort for suggestions. */
  private Mono<Map<String, CustomFieldDefinition>> definitions(Map<String, String> mapping, String authorization) {
    if (mapping != null && !ColumnMapping.namesCustomFields(mapping)) {
      return Mono.just(Map.of());
    }
    Mono<Map<String, CustomFieldDefinition>> read = customFields.definitions(authorization);
    return mapping != null ? read : read.onErrorResume(e -> {
      log.info("suggesting a mapping without custom fields: {}", e.getMessage());
      return Mono.just(Map.of());
    });
  }

  private static Map<String, CustomFieldDefinition> mapped(ColumnMapping mapping,
                                                           Map<String, CustomFieldDefinition> definitions) {
    Map<String, CustomFieldDefinition> used = new LinkedHashMap<>();
    for (int i = 0; i < mapping.columnCount(); i++) {
      ColumnTarget target = mapping.targetOf(i);
      if (target.kind() == MappingTarget.CUSTOM_FIELD) {
        used.put(target.customFieldKey(), definitions.get(target.customFieldKey()));
      }
    }
    return used;
  }

  ImportOptions parseOptions(String text) {
    if (text == null || text.isBlank()) {
      return ImportOptions.NONE;
    }
    ImportOptions options = strictJson.read("options", text, ImportOptions.class);
    return options == null ? ImportOptions.NONE : options;
  }

  private static Mono<Void> deleteLater(Upload upload) {
    return Mono.fromRunnable(() -> Uploads.deleteQuietly(upload.file()))
        .subscribeOn(Schedulers.boundedElastic()).then();
  }
}
