package io.contactsplatform.contactservice.export;

import io.contactsplatform.support.auth.Workspace;
import io.contactsplatform.support.ids.TimeOrderedIds;
import io.contactsplatform.support.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/contacts/export}: streams CSV of a selection given in the query, in the same form
 * as bulk actions: {@code ids} (comma-separated), {@code filter} (the filter language as JSON)
 * and/or {@code search}, or {@code segmentId}; none exports every active contact.
 */
@Tag(name = "export", description = "CSV export of contacts")
@RestController
class ExportController {

  private static final MediaType CSV = new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);

  private final ContactExport export;
  private final JsonMapper json;

  ExportController(ContactExport export, JsonMapper json) {
    this.export = export;
    this.json = json;
  }

  @Operation(operationId = "exportContacts", summary = "Stream a CSV of the selected contacts (all active contacts without a selection)")
  @ApiResponse(responseCode = "200", description = "CSV, one line per contact, as an attachment",
      content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
  @ApiResponse(responseCode = "404", description = "The segment does not exist in the caller's workspace")
  @ApiResponse(responseCode = "422", description = "Bad selection (filter, ids)")
  @GetMapping("/v1/contacts/export")
  Mono<ResponseEntity<Flux<DataBuffer>>> export(Workspace workspace, @RequestParam(required = false) String ids,
                                                @RequestParam(required = false) String filter,
                                                @RequestParam(required = false) String search,
                                                @RequestParam(required = false) String segmentId) {
    Object parsedFilter = null;
    if (filter != null && !filter.isBlank()) {
      try {
        parsedFilter = json.readValue(filter, Object.class);
      } catch (JacksonException e) {
        return Mono.error(ApiException.badRequest("filter: not valid JSON (" + e.getOriginalMessage() + ")"));
      }
    }
    List<String> idList = ids == null ? null
        : Arrays.stream(ids.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    if (idList != null) {
      for (int i = 0; i < idList.size(); i++) {
        if (!TimeOrderedIds.isId(idList.get(i))) {
          return Mono.error(ApiException.badRequest("ids: item " + (i + 1) + " is not a contact id (a UUID)"));
        }
      }
    }
    String text = search == null || search.isBlank() ? null : search;
    return export.export(workspace.id(), idList, parsedFilter, text, segmentId)
        .map(ready -> ResponseEntity.ok()
            .contentType(CSV)
            .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"contacts-"
                + Instant.now().toString().replace(':', '-') + ".csv\"")
            .body(ready.chunks().map(DefaultDataBufferFactory.sharedInstance::wrap)));
  }
}
