package io.contactsplatform.dncservice.imports;

import io.contactsplatform.dncservice.dnc.DncUpdates;
import io.contactsplatform.support.auth.Workspace;
import io.contactsplatform.support.openapi.CsvUpload;
import io.contactsplatform.support.upload.Uploads;
import io.contactsplatform.support.web.ApiException;
import io.contactsplatform.support.jobs.JobDocuments;
import io.contactsplatform.support.web.CursorPage;
import io.contactsplatform.support.web.ProgressEvents;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * DNC file imports (start, history, status, live events, errors) and the national-registry
 * freshness, scoped to the caller's workspace; other workspaces' import ids are 404.
 */
@Tag(name = "dnc-imports", description = "DNC file imports and national-registry freshness")
@RestController
@RequestMapping("/v1/dnc")
class DncImportController {

  /** A registry load older than this is stale (the FTC asks for a refresh at least every 31 days). */
  static final Duration REGISTRY_MAX_AGE = Duration.ofDays(31);

  private final DncImports imports;
  private final DncImportStore store;
  private final DncUpdates updates;
  private static final Duration EVENT_POLL = Duration.ofMillis(500);

  DncImportController(DncImports imports, DncImportStore store, DncUpdates updates) {
    this.imports = imports;
    this.store = store;
    this.updates = updates;
  }

  /**
   * Multipart {@code file} and optional JSON {@code options}; 202 with the import id. The upload is
   * received by the shared {@link Uploads} (413 over {@code platform.dnc.import.max-file-size}).
   */
  @Operation(operationId = "startDncImport", summary = "Upload a DNC file (CSV) with optional JSON options; 202 with the import")
  @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "The CSV file and optional JSON options",
      content = @Content(mediaType = "multipart/form-data", schema = @Schema(implementation = CsvUpload.class)))
  @ApiResponse(responseCode = "202", description = "Accepted; the Location header points at the import",
      content = @Content(schema = @Schema(implementation = DncImportView.class)))
  @ApiResponse(responseCode = "400", description = "Malformed multipart, no file part, or options that are not JSON")
  @ApiResponse(responseCode = "413", description = "The file is larger than the maximum upload size")
  @ApiResponse(responseCode = "422", description = "Unreadable file (binary, NUL bytes), or invalid options")
  @PostMapping(path = "/imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  Mono<ResponseEntity<DncImportView>> start(Workspace workspace, ServerHttpRequest request,
                                            @RequestBody Flux<PartEvent> parts) {
    return imports.start(workspace, parts, Uploads.contentLength(request))
        .map(job -> ResponseEntity.accepted().location(URI.create("/v1/dnc/imports/" + job.id()))
            .body(DncImportView.of(job)));
  }

  @Operation(operationId = "getDncImport", summary = "Status and counts of a DNC import")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "404", description = "No such import in the caller's workspace")
  @GetMapping("/imports/{id}")
  Mono<DncImportView> get(Workspace workspace, @PathVariable String id) {
    return find(workspace, id).map(job -> DncImportView.of(job, updates.now()));
  }

  /** The workspace's imports (history), newest first, cursor paged. */
  @Operation(operationId = "listDncImports", summary = "The workspace's DNC imports, newest first")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @GetMapping("/imports")
  Mono<CursorPage<DncImportView>> list(Workspace workspace, @RequestParam(required = false) String cursor,
                                       @RequestParam(required = false) Integer pageSize) {
    int size = CursorPage.pageSize(pageSize);
    JobDocuments.Position from = JobDocuments.Position.decode(cursor);
    Instant before = from == null ? null : from.createdAt();
    String beforeId = from == null ? null : from.id();
    Instant now = updates.now();
    return store.list(workspace.id(), before, beforeId, size + 1).collectList()
        .map(jobs -> {
          List<DncImportView> views = jobs.stream().limit(size).map(j -> DncImportView.of(j, now)).toList();
          if (jobs.size() <= size) {
            return new CursorPage<>(views, null);
          }
          DncImportJob last = jobs.get(size - 1);
          return new CursorPage<>(views, new JobDocuments.Position(last.createdAt(), last.id()).encode());
        });
  }

  /**
   * Live progress as server-sent events, in the style of import-service: the import (as
   * {@code GET /v1/dnc/imports/{id}}) as event {@code progress} whenever its status or counts
   * change (the shared store is read every 500 ms, so any instance can serve it), a keep-alive
   * comment every 15 s, and a last event {@code done} once it is COMPLETED or FAILED; then the
   * stream ends.
   */
  @Operation(operationId = "streamDncImportEvents", summary = "Live progress of a DNC import as server-sent events (progress..., done)")
  @ApiResponse(responseCode = "404", description = "No such import in the caller's workspace")
  @GetMapping(path = "/imports/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  Mono<ResponseEntity<Flux<ServerSentEvent<DncImportView>>>> events(Workspace workspace, @PathVariable String id) {
    return find(workspace, id).map(first -> ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM)
        .body(events(first, () -> store.find(workspace.id(), id))));
  }

  private Flux<ServerSentEvent<DncImportView>> events(DncImportJob first, Supplier<Mono<DncImportJob>> read) {
    return ProgressEvents.of(first, read, EVENT_POLL, DncImportController::signature, DncImportJob::finished,
        job -> DncImportView.of(job, this.updates.now()));
  }

  private static List<Object> signature(DncImportJob job) {
    return List.of(job.status(), job.bytesRead(), job.totalRows(), job.added(), job.alreadyActive(), job.removed(),
        job.notFound(), job.removedByReplace(), job.rejected());
  }

  /** The rejected rows by row number, paged. */
  @Operation(operationId = "listDncImportErrors", summary = "The rejected rows of a DNC import by row number, paged")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "404", description = "No such import in the caller's workspace")
  @GetMapping("/imports/{id}/errors")
  Mono<CursorPage<RowError>> errors(Workspace workspace, @PathVariable String id,
                                    @RequestParam(required = false) String cursor,
                                    @RequestParam(required = false) Integer pageSize) {
    int size = CursorPage.pageSize(pageSize);
    long after = CursorPage.decodePosition(cursor);
    return find(workspace, id)
        .flatMap(job -> store.errors(job.id(), after, size + 1).collectList())
        .map(rows -> rows.size() > size
            ? new CursorPage<>(rows.subList(0, size), CursorPage.encodePosition(rows.get(size - 1).rowNumber()))
            : new CursorPage<>(rows, null));
  }

  /**
   * When the national registry was last loaded into this workspace, how many whole days ago
   * ({@code ageDays}, null when never), and whether that is more than {@code maxAgeDays} (31) ago.
   */
  @Operation(operationId = "getDncRegistryFreshness", summary = "When the national registry was last loaded, and whether that is stale")
  @GetMapping("/registry")
  Mono<RegistryView> registry(Workspace workspace) {
    Instant now = updates.now();
    return store.registryLoad(workspace.id())
        .map(load -> new RegistryView(load.loadedAt(), load.loadedAt().isBefore(now.minus(REGISTRY_MAX_AGE)),
            REGISTRY_MAX_AGE.toDays(), Duration.between(load.loadedAt(), now).toDays(), load.importId(), load.mode(),
            load.fileName()))
        .defaultIfEmpty(new RegistryView(null, true, REGISTRY_MAX_AGE.toDays(), null, null, null, null));
  }

  /** Freshness of the workspace's national-registry data; {@code stale} also when it was never loaded. */
  record RegistryView(Instant registryLoadedAt, boolean stale, long maxAgeDays, Long ageDays, String lastImportId,
                      String mode, String fileName) {
  }

  private Mono<DncImportJob> find(Workspace workspace, String id) {
    return store.find(workspace.id(), id)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("import " + id + " not found")));
  }
}
