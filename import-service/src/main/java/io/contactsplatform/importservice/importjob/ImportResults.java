package io.contactsplatform.importservice.importjob;

import io.contactsplatform.events.contact.result.ContactUpsertResult;
import io.contactsplatform.schemas.InvalidEventException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Counts contact-service's answers (contact-upsert-results) against their import: each answered
 * row is first recorded under {@code importId|rowNumber} in {@code import_row_results} (an
 * insert; a duplicate key means it was counted already, so a redelivered result changes
 * nothing), then the job's counters are incremented and the job completes when it was the last
 * row. Results without an import id (CRM upserts) and results for unknown imports or another
 * workspace's import are ignored; an import result without a row number is dead-lettered.
 *
 * <p>Remaining crash window: the row record and the counter increment are two writes without a
 * transaction (mongo-java-server has none). If the service dies between them, the redelivered
 * result finds the row recorded and is not counted, so the job stays RUNNING one row short.
 * A later reconciliation can recount a job from its {@code import_row_results} documents; it
 * does not exist yet.
 */
@Service
public class ImportResults {

  private static final Logger log = LoggerFactory.getLogger(ImportResults.class);

  private final ImportJobStore store;

  ImportResults(ImportJobStore store) {
    this.store = store;
  }

  public Mono<Void> apply(ContactUpsertResult result) {
    String importId = result.getImportId();
    if (importId == null || importId.isBlank()) {
      return Mono.empty();
    }
    if (result.getRowNumber() == null) {
      return Mono.error(new InvalidEventException("ContactUpsertResult " + result.getEventId() + " for import "
          + importId + " has no rowNumber"));
    }
    long row = result.getRowNumber();
    String outcome = result.getOutcome().name();
    return store.find(result.getWorkspaceId(), importId)
        .switchIfEmpty(Mono.fromRunnable(() ->
            log.debug("ignoring result for unknown import {} in workspace {}", importId, result.getWorkspaceId())))
        .flatMap(job -> store.recordResult(importId, row, outcome, result.getReasonCode(), result.getContactId()))
        .filter(Boolean::booleanValue)
        .flatMap(first -> store.countResult(importId, outcome, result.getReasonCode()))
        .flatMap(store::completeIfAllAnswered)
        .doOnNext(completed -> {
          if (completed) {
            log.info("import {} completed", importId);
          }
        })
        .then();
  }
}
