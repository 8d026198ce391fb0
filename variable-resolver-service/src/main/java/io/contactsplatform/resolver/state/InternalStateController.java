package io.contactsplatform.resolver.state;

import io.contactsplatform.support.auth.Workspace;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Instance-to-instance reads of the state this instance serves ({@link StateQueries} asks them of
 * the owner of a key): authenticated with the original caller's API key and scoped to its
 * workspace like every endpoint, never forwarded again (a key not served here answers
 * "moving"), and left out of the published API description (not a contract for integrators).
 */
@Hidden
@RestController
class InternalStateController {

  private final StateQueries queries;

  InternalStateController(StateQueries queries) {
    this.queries = queries;
  }

  @PostMapping("/v1/internal/state/phones")
  Mono<StateQueries.PhonesAnswer> phones(Workspace workspace, @RequestBody StateQueries.PhonesQuery query) {
    return Mono.fromSupplier(() -> new StateQueries.PhonesAnswer(
            queries.localPhones(workspace.id(), query.phones(), query.campaignId())))
        .subscribeOn(Schedulers.boundedElastic());
  }

  @PostMapping("/v1/internal/state/contacts")
  Mono<StateQueries.ContactsAnswer> contacts(Workspace workspace, @RequestBody StateQueries.ContactsQuery query) {
    return Mono.fromSupplier(() -> new StateQueries.ContactsAnswer(
            queries.localContacts(workspace.id(), query.contactIds())))
        .subscribeOn(Schedulers.boundedElastic());
  }

  @GetMapping(value = "/v1/internal/state/imports/{importId}", produces = MediaType.APPLICATION_NDJSON_VALUE)
  Flux<StateQueries.ImportRow> importRows(Workspace workspace, @PathVariable String importId) {
    return Mono.fromSupplier(() -> queries.localImportRows(workspace.id(), importId))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMapIterable(Map::entrySet)
        .map(row -> new StateQueries.ImportRow(row.getKey(), row.getValue()));
  }
}
