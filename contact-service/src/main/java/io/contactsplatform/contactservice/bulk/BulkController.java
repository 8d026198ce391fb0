package io.contactsplatform.contactservice.bulk;

import io.contactsplatform.support.auth.Workspace;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code POST /v1/contacts/bulk} (202 with the job) and {@code GET /v1/contacts/bulk/{id}} (status and counts). */
@RestController
class BulkController {

  private final BulkActions bulk;

  BulkController(BulkActions bulk) {
    this.bulk = bulk;
  }

  @PostMapping("/v1/contacts/bulk")
  @ResponseStatus(HttpStatus.ACCEPTED)
  Mono<BulkJob> submit(Workspace workspace, @RequestBody BulkActions.BulkRequest request) {
    return bulk.submit(workspace.id(), request);
  }

  @GetMapping("/v1/contacts/bulk/{id}")
  Mono<BulkJob> get(Workspace workspace, @PathVariable String id) {
    return bulk.find(workspace.id(), id);
  }
}
