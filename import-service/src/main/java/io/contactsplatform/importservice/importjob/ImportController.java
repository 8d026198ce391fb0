package io.contactsplatform.importservice.importjob;

import io.contactsplatform.support.auth.Workspace;
import io.contactsplatform.support.web.ApiException;
import io.contactsplatform.support.web.CursorPage;
import java.net.URI;
import java.util.Map;
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

/** Imports API, always scoped to the caller's workspace; other workspaces' ids are 404. */
@RestController
@RequestMapping("/v1/imports")
class ImportController {

  private final Imports imports;
  private final ImportJobStore store;

  ImportController(Imports imports, ImportJobStore store) {
    this.imports = imports;
    this.store = store;
  }

  /** Multipart {@code file} (CSV) and optional JSON {@code options}; 202 with the import id. */
  @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  Mono<ResponseEntity<ImportAccepted>> start(Workspace workspace, @RequestPart("file") Part file,
                                             @RequestPart(name = "options", required = false) Part options) {
    return imports.start(workspace.id(), file, options)
        .map(job -> ResponseEntity.accepted().location(URI.create("/v1/imports/" + job.id()))
            .body(new ImportAccepted(job.id(), job.status().name(), job.mapping())));
  }

  @GetMapping("/{id}")
  Mono<ImportJobView> get(Workspace workspace, @PathVariable String id) {
    return find(workspace, id).map(ImportJobView::of);
  }

  /** The rejected rows by row number, paged. */
  @GetMapping("/{id}/errors")
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

  private Mono<ImportJob> find(Workspace workspace, String id) {
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

  /** Body of the 202 answer: the import id, its status and the column mapping in effect. */
  record ImportAccepted(String importId, String status, Map<String, String> mapping) {
  }
}
