package io.contactsplatform.importservice.importjob;

import io.contactsplatform.support.csv.FileInspector;
import io.contactsplatform.support.auth.Workspace;
import io.contactsplatform.support.openapi.CsvUpload;
import io.contactsplatform.support.upload.Uploads;
import io.contactsplatform.support.web.ApiException;
import io.contactsplatform.support.jobs.JobDocuments;
import io.contactsplatform.support.web.CursorPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Imports API, always scoped to the caller's workspace; other workspaces' ids are 404. */
@Tag(name = "imports", description = "CSV imports of contacts")
@RestController
@RequestMapping("/v1/imports")
class ImportController {

  private static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");
  static final String ACTOR_HEADER = "X-Actor";
  private static final int DEFAULT_SAMPLES = 5;
  private static final int MAX_SAMPLES = 50;
  private static final long POLL_MILLIS = 500;

  private final Imports imports;
  private final ImportJobStore store;
  private final ErrorReport report;
  private final JsonMapper json;
  private final Uploads uploads;
  private final ImportProperties properties;

  ImportController(Imports imports, ImportJobStore store, ErrorReport report, JsonMapper json, Uploads uploads,
                   ImportProperties properties) {
    this.uploads = uploads;
    this.properties = properties;
    this.imports = imports;
    this.store = store;
    this.report = report;
    this.json = json;
  }

  /**
   * Multipart {@code file} (CSV) and optional JSON {@code options}; 202 with the import id. The name
   * of the caller's API key is recorded as who started it; an {@code X-Actor} header is accepted and
   * ignored (older clients sent one).
   */
  @Operation(operationId = "startImport", summary = "Upload a CSV with optional JSON options; 202 with the import id and the mapping in effect")
  @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "The CSV file (part 'file') and, for an import, optional JSON options (part 'options')",
      content = @Content(mediaType = "multipart/form-data", schema = @Schema(implementation = CsvUpload.class)))
  @ApiResponse(responseCode = "202", description = "Accepted; the Location header points at the import",
      content = @Content(schema = @Schema(implementation = ImportAccepted.class)))
  @ApiResponse(responseCode = "413", description = "The file is larger than the maximum upload size")
  @ApiResponse(responseCode = "422", description = "Missing or unreadable file, or invalid options or mapping")
  @ApiResponse(responseCode = "502", description = "contact-service could not be asked for the custom fields")
  @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  Mono<ResponseEntity<ImportAccepted>> start(Workspace workspace, ServerHttpRequest request,
                                             @io.swagger.v3.oas.annotations.Parameter(deprecated = true,
                                                 description = "Ignored (kept for older clients): the import's startedBy is the name of the caller's API key")
                                             @RequestHeader(name = ACTOR_HEADER, required = false) String actor,
                                             @RequestBody Flux<PartEvent> parts) {
    return imports.start(workspace.id(), request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION), ImportJob.Actor.of(workspace), parts,
            Uploads.contentLength(request))
        .map(job -> ResponseEntity.accepted().location(URI.create("/v1/imports/" + job.id()))
            .body(new ImportAccepted(job.id(), job.status().name(), job.mapping())));
  }

  /** Multipart {@code file}: encoding, delimiter, header, first rows, row count and suggested mapping. */
  @Operation(operationId = "previewImport", summary = "Inspect a CSV: encoding, delimiter, header, first rows, row count and suggested mapping")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "The CSV file (part 'file') and, for an import, optional JSON options (part 'options')",
      content = @Content(mediaType = "multipart/form-data", schema = @Schema(implementation = CsvUpload.class)))
  @ApiResponse(responseCode = "413", description = "The file is larger than the maximum upload size")
  @ApiResponse(responseCode = "422", description = "Missing or unreadable file")
  @ApiResponse(responseCode = "502", description = "contact-service could not be asked for the custom fields")
  @PostMapping(path = "/preview", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  Mono<ImportPreview> preview(Workspace workspace, ServerHttpRequest request, @RequestBody Flux<PartEvent> parts) {
    return imports.preview(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION), parts, Uploads.contentLength(request));
  }

  /**
   * The dry run ("review"): multipart {@code file} and {@code options} exactly as for an import;
   * counts of what the import would create, update, merge, reject and warn about, with up to
   * {@code samples} rows per code (default 5, at most 50). {@code lookupExisting=false} skips
   * asking contact-service which numbers exist. Nothing is written.
   */
  @Operation(operationId = "dryRunImport", summary = "Review an import before anything is written: counts by code with sample rows")
  @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "The CSV file (part 'file') and optional JSON options (part 'options'), as for an import",
      content = @Content(mediaType = "multipart/form-data", schema = @Schema(implementation = CsvUpload.class)))
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "413", description = "The file is larger than the maximum upload size")
  @ApiResponse(responseCode = "422", description = "Missing or unreadable file, or invalid options or mapping")
  @ApiResponse(responseCode = "502", description = "contact-service could not be asked which numbers exist")
  @PostMapping(path = "/dry-run", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  Mono<ImportReview> dryRun(Workspace workspace, ServerHttpRequest request,
                            @RequestParam(required = false) Integer samples,
                            @RequestParam(defaultValue = "true") boolean lookupExisting,
                            @RequestBody Flux<PartEvent> parts) {
    int perCode = samples == null ? DEFAULT_SAMPLES : samples;
    if (perCode < 0 || perCode > MAX_SAMPLES) {
      return Mono.error(ApiException.badRequest("samples: must be between 0 and " + MAX_SAMPLES));
    }
    return imports.dryRun(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION), parts, Uploads.contentLength(request),
        perCode, lookupExisting);
  }

  /** What a client can know before uploading: the size limit and the other fixed limits and choices. */
  @Operation(operationId = "getImportLimits", summary = "Upload size and the other limits and choices, before uploading")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @GetMapping("/limits")
  ImportLimits limits(Workspace workspace) {
    return new ImportLimits(uploads.maxFileSize(), Uploads.MAX_OPTIONS_BYTES, null, Imports.PREVIEW_ROWS,
        CursorPage.MAX_PAGE_SIZE, MAX_SAMPLES, properties.dryRunLookupLimit(), FileInspector.ENCODINGS,
        FileInspector.DELIMITER_NAMES);
  }

  /**
   * Stops an import: 200 with the job when it is CANCELLED (at once when it was QUEUED or only
   * waiting for answers; again when it already was), 202 with {@code cancelRequested} while its
   * reader finishes the batch in hand; 409 when it already COMPLETED or FAILED.
   */
  @Operation(operationId = "cancelImport", summary = "Cancel a queued or running import")
  @ApiResponse(responseCode = "200", description = "Cancelled", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "202", description = "Cancel requested; the reader stops after the batch in hand")
  @ApiResponse(responseCode = "404", description = "No such import in the caller's workspace")
  @ApiResponse(responseCode = "409", description = "The import already COMPLETED or FAILED")
  @PostMapping("/{id}/cancel")
  Mono<ResponseEntity<ImportJobView>> cancel(Workspace workspace, @PathVariable String id) {
    return store.requestCancel(workspace.id(), id, Instant.now())
        .flatMap(outcome -> find(workspace, id).map(job -> {
          if (job.status() == ImportJob.Status.CANCELLED) {
            return ResponseEntity.ok(ImportJobView.of(job));
          }
          if (job.finished()) {
            throw ApiException.conflict("import " + id + " already " + job.status() + "; only QUEUED or RUNNING imports"
                + " can be cancelled", Map.of("status", job.status().name()));
          }
          return ResponseEntity.accepted().body(ImportJobView.of(job));
        }));
  }

  /**
   * Live progress as server-sent events: the job (as {@code GET /v1/imports/{id}}) as event
   * {@code progress} whenever its status or counts change (the shared store is read every
   * {@value #POLL_MILLIS} ms, so any instance can serve it), a comment every 15 s to keep the
   * connection open, and a last event {@code done} once the job is COMPLETED, FAILED or CANCELLED
   * with every sent row answered (or 30 s after it ended); then the stream ends. Progress never
   * goes down within a stream.
   */
  @Operation(operationId = "streamImportEvents", summary = "Live progress of an import as server-sent events (progress..., done)")
  @ApiResponse(responseCode = "404", description = "No such import in the caller's workspace")
  @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  Mono<ResponseEntity<Flux<ServerSentEvent<ImportJobView>>>> events(Workspace workspace, @PathVariable String id) {
    return find(workspace, id).map(first -> ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM)
        .body(ImportEventStream.of(first, () -> store.find(workspace.id(), id), Duration.ofMillis(POLL_MILLIS))));
  }

  /** The workspace's imports, newest first. */
  @Operation(operationId = "listImports", summary = "The workspace's imports, newest first")
  @GetMapping
  Mono<CursorPage<ImportJobView>> list(Workspace workspace, @RequestParam(required = false) String cursor,
                                       @RequestParam(required = false) Integer pageSize) {
    int size = CursorPage.pageSize(pageSize);
    JobDocuments.Position from = JobDocuments.Position.decode(cursor);
    Instant before = from == null ? null : from.createdAt();
    String beforeId = from == null ? null : from.id();
    return store.list(workspace.id(), before, beforeId, size + 1).collectList()
        .map(jobs -> {
          if (jobs.size() <= size) {
            return new CursorPage<>(jobs.stream().map(ImportJobView::of).toList(), null);
          }
          ImportJob last = jobs.get(size - 1);
          return new CursorPage<>(jobs.subList(0, size).stream().map(ImportJobView::of).toList(),
              new JobDocuments.Position(last.createdAt(), last.id()).encode());
        });
  }

  @Operation(operationId = "getImport", summary = "Status and counts of an import")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "404", description = "No such import in the caller's workspace")
  @GetMapping("/{id}")
  Mono<ImportJobView> get(Workspace workspace, @PathVariable String id) {
    return find(workspace, id).map(ImportJobView::of);
  }

  /**
   * The findings of an import. CSV (the default): streamed, one line per finding with the row's
   * original cells. JSON ({@code Accept: application/json}): paged.
   */
  @Operation(operationId = "getImportErrors", summary = "The findings of an import: CSV by default (streamed), or paged JSON with Accept: application/json")
  @ApiResponse(responseCode = "200", description = "The findings, one per line",
      content = {@Content(mediaType = "text/csv", schema = @Schema(type = "string")),
          @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorLinePage.class))})
  @ApiResponse(responseCode = "404", description = "No such import in the caller's workspace")
  @GetMapping("/{id}/errors")
  Mono<Void> errors(Workspace workspace, @PathVariable String id, @RequestParam(required = false) String cursor,
                    @RequestParam(required = false) Integer pageSize,
                    @RequestParam(required = false) String severity, ServerHttpRequest request,
                    ServerHttpResponse response) {
    List<MediaType> accepted = request.getHeaders().getAccept();
    boolean asJson = accepted.stream().anyMatch(m -> m.isCompatibleWith(MediaType.APPLICATION_JSON) && !m.isWildcardType())
        && accepted.stream().noneMatch(m -> m.isCompatibleWith(CSV) && !m.isWildcardType());
    return find(workspace, id).flatMap(job -> {
      if (!asJson) {
        response.getHeaders().setContentType(CSV);
        response.getHeaders().set(HttpHeaders.CONTENT_DISPOSITION,
            "attachment; filename=\"import-" + job.id() + "-errors.csv\"");
        return response.writeWith(report.csv(job, response.bufferFactory(), severity(severity)));
      }
      int size = CursorPage.pageSize(pageSize);
      long offset = CursorPage.decodePosition(cursor);
      return report.lines(job).skip(offset).take(size + 1).collectList().flatMap(lines -> {
        CursorPage<ErrorReport.Line> page = lines.size() > size
            ? new CursorPage<>(lines.subList(0, size), CursorPage.encodePosition(offset + size))
            : new CursorPage<>(lines, null);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        return response.writeWith(Mono.fromCallable(() -> response.bufferFactory().wrap(
            json.writeValueAsBytes(page))));
      });
    });
  }

  private Mono<ImportJob> find(Workspace workspace, String id) {
    return store.find(workspace.id(), id)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("import " + id + " not found")));
  }

  private static RowIssue.Severity severity(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return RowIssue.Severity.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("severity: must be ERROR or WARNING");
    }
  }

  /**
   * Answer of {@code GET /v1/imports/limits}: the largest upload in bytes, the largest options
   * part, the row limit (null: none), preview rows, page size, dry-run samples per code and
   * lookup limit, and the encodings and delimiters an operator may choose.
   */
  record ImportLimits(long maxFileBytes, int maxOptionsBytes, Long maxRows, int previewRows, int maxPageSize,
                      int maxSamplesPerCode, int dryRunLookupLimit, List<String> encodings, List<String> delimiters) {
  }

  /** Documentation-only shape of the JSON error report page (the controller writes a CursorPage of lines). */
  @Schema(name = "CursorPageImportErrorLine")
  record ErrorLinePage(List<ErrorReport.Line> items, String nextCursor) {
  }

  /** Body of the 202 answer: the import id, its status and the column mapping in effect. */
  record ImportAccepted(String importId, String status, Map<String, String> mapping) {
  }
}
