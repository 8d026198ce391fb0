package io.contactsplatform.contactservice.bulk;

import io.contactsplatform.support.auth.Workspace;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code POST /v1/contacts/bulk} (202 with the job) and {@code GET /v1/contacts/bulk/{id}} (status and counts). */
@Tag(name = "bulk-actions", description = "Asynchronous actions on a selection of contacts")
@RestController
class BulkController {

  private final BulkActions bulk;

  BulkController(BulkActions bulk) {
    this.bulk = bulk;
  }

  @Operation(operationId = "submitBulkAction", summary = "Start a bulk action on a selection of contacts")
  @ApiResponse(responseCode = "422", description = "Unknown action, bad selection or parameters")
  @PostMapping("/v1/contacts/bulk")
  @ResponseStatus(HttpStatus.ACCEPTED)
  Mono<BulkJob> submit(Workspace workspace, @RequestBody BulkActions.BulkRequest request) {
    return bulk.submit(workspace, request);
  }

  @Operation(operationId = "getBulkAction", summary = "Status and counts of a bulk action")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "404", description = "No such bulk action in the caller's workspace")
  @GetMapping("/v1/contacts/bulk/{id}")
  Mono<BulkJob> get(Workspace workspace, @PathVariable String id) {
    return bulk.find(workspace.id(), id);
  }
}
