package io.contactsplatform.dncservice.imports;

import io.contactsplatform.dncservice.dnc.DncUpdates;
import io.contactsplatform.support.auth.Workspace;
import io.contactsplatform.support.openapi.CsvUpload;
import io.contactsplatform.support.web.ApiException;
import io.contactsplatform.support.web.CursorPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.Part;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * DNC file imports and the national-registry freshness, scoped to the caller's workspace; other
 * workspaces' import ids are 404.
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

  DncImportController(DncImports imports, DncImportStore store, DncUpdates updates) {
    this.imports = imports;
    this.store = store;
    this.updates = updates;
  }

  /** Multipart {@code file} and optional JSON {@code options}; 202 with the import id. */
  @Operation(operationId = "startDncImport", summary = "Upload a DNC file (CSV) with optional JSON options; 202 with the import")
  @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "The CSV file and optional JSON options",
      content = @Content(mediaType = "multipart/form-data", schema = @Schema(implementation = CsvUpload.class)))
  @ApiResponse(responseCode = "202", description = "Accepted; the Location header points at the import",
      content = @Content(schema = @Schema(implementation = DncImportView.class)))
  @ApiResponse(responseCode = "422", description = "Missing file, or invalid options")
  @PostMapping(path = "/imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  Mono<ResponseEntity<DncImportView>> start(Workspace workspace,
                                            @RequestPart(name = "file", required = false) Part file,
                                            @RequestPart(name = "options", required = false) Part options) {
    return imports.start(workspace.id(), file, options)
        .map(job -> ResponseEntity.accepted().location(URI.create("/v1/dnc/imports/" + job.id()))
            .body(DncImportView.of(job)));
  }

  @Operation(operationId = "getDncImport", summary = "Status and counts of a DNC import")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "404", description = "No such import in the caller's workspace")
  @GetMapping("/imports/{id}")
  Mono<DncImportView> get(Workspace workspace, @PathVariable String id) {
    return find(workspace, id).map(DncImportView::of);
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
    long after = afterRow(CursorPage.decodeCursor(cursor));
    return find(workspace, id)
        .flatMap(job -> store.errors(job.id(), after, size + 1).collectList())
        .map(rows -> rows.size() > size
            ? new CursorPage<>(rows.subList(0, size), CursorPage.encodeCursor(String.valueOf(rows.get(size - 1).rowNumber())))
            : new CursorPage<>(rows, null));
  }

  /** When the national registry was last loaded into this workspace, and whether that is more than 31 days ago. */
  @Operation(operationId = "getDncRegistryFreshness", summary = "When the national registry was last loaded, and whether that is stale")
  @GetMapping("/registry")
  Mono<RegistryView> registry(Workspace workspace) {
    Instant now = updates.now();
    return store.registryLoad(workspace.id())
        .map(load -> new RegistryView(load.loadedAt(), load.loadedAt().isBefore(now.minus(REGISTRY_MAX_AGE)),
            REGISTRY_MAX_AGE.toDays(), load.importId(), load.mode(), load.fileName()))
        .defaultIfEmpty(new RegistryView(null, true, REGISTRY_MAX_AGE.toDays(), null, null, null));
  }

  /** Freshness of the workspace's national-registry data; {@code stale} also when it was never loaded. */
  record RegistryView(Instant registryLoadedAt, boolean stale, long maxAgeDays, String lastImportId, String mode,
                      String fileName) {
  }

  private Mono<DncImportJob> find(Workspace workspace, String id) {
    return store.find(workspace.id(), id)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("import " + id + " not found")));
  }

  private static long afterRow(String decoded) {
    if (decoded == null) {
      return 0;
    }
    try {
      return Long.parseLong(decoded);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("cursor: not a cursor returned by this API");
    }
  }
}
