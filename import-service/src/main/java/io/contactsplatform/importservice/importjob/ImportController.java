package io.contactsplatform.importservice.importjob;

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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
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

  private final Imports imports;
  private final ImportJobStore store;
  private final ErrorReport report;
  private final JsonMapper json;

  ImportController(Imports imports, ImportJobStore store, ErrorReport report, JsonMapper json) {
    this.imports = imports;
    this.store = store;
    this.report = report;
    this.json = json;
  }

  /** Multipart {@code file} (CSV) and optional JSON {@code options}; 202 with the import id. */
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
                                             @RequestBody Flux<PartEvent> parts) {
    return imports.start(workspace.id(), request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION), parts,
            contentLength(request))
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
    return imports.preview(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION), parts, contentLength(request));
  }

  /** The workspace's imports, newest first. */
  @Operation(operationId = "listImports", summary = "The workspace's imports, newest first")
  @GetMapping
  Mono<CursorPage<ImportJobView>> list(Workspace workspace, @RequestParam(required = false) String cursor,
                                       @RequestParam(required = false) Integer pageSize) {
    int size = CursorPage.pageSize(pageSize);
    String decoded = CursorPage.decodeCursor(cursor);
    Instant before = null;
    String beforeId = null;
    if (decoded != null) {
      String[] parts = decoded.split("\\|", 2);
      try {
        before = Instant.ofEpochMilli(Long.parseLong(parts[0]));
        beforeId = parts[1];
      } catch (RuntimeException e) {
        throw ApiException.badRequest("cursor: not a cursor returned by this API");
      }
    }
    return store.list(workspace.id(), before, beforeId, size + 1).collectList()
        .map(jobs -> {
          if (jobs.size() <= size) {
            return new CursorPage<>(jobs.stream().map(ImportJobView::of).toList(), null);
          }
          ImportJob last = jobs.get(size - 1);
          return new CursorPage<>(jobs.subList(0, size).stream().map(ImportJobView::of).toList(),
              CursorPage.encodeCursor(last.createdAt().toEpochMilli() + "|" + last.id()));
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
                    @RequestParam(required = false) Integer pageSize, ServerHttpRequest request,
                    ServerHttpResponse response) {
    List<MediaType> accepted = request.getHeaders().getAccept();
    boolean asJson = accepted.stream().anyMatch(m -> m.isCompatibleWith(MediaType.APPLICATION_JSON) && !m.isWildcardType())
        && accepted.stream().noneMatch(m -> m.isCompatibleWith(CSV) && !m.isWildcardType());
    return find(workspace, id).flatMap(job -> {
      if (!asJson) {
        response.getHeaders().setContentType(CSV);
        response.getHeaders().set(HttpHeaders.CONTENT_DISPOSITION,
            "attachment; filename=\"import-" + job.id() + "-errors.csv\"");
        return response.writeWith(report.csv(job, response.bufferFactory()));
      }
      int size = CursorPage.pageSize(pageSize);
      long offset = offset(CursorPage.decodeCursor(cursor));
      return report.lines(job).skip(offset).take(size + 1).collectList().flatMap(lines -> {
        CursorPage<ErrorReport.Line> page = lines.size() > size
            ? new CursorPage<>(lines.subList(0, size), CursorPage.encodeCursor(String.valueOf(offset + size)))
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

  private static Long contentLength(ServerHttpRequest request) {
    long length = request.getHeaders().getContentLength();
    return length < 0 ? null : length;
  }

  private static long offset(String decoded) {
    if (decoded == null) {
      return 0;
    }
    try {
      return Long.parseLong(decoded);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("cursor: not a cursor returned by this API");
    }
  }

  /** Documentation-only shape of the JSON error report page (the controller writes a CursorPage of lines). */
  @Schema(name = "CursorPageImportErrorLine")
  record ErrorLinePage(List<ErrorReport.Line> items, String nextCursor) {
  }

  /** Body of the 202 answer: the import id, its status and the column mapping in effect. */
  record ImportAccepted(String importId, String status, Map<String, String> mapping) {
  }
}
