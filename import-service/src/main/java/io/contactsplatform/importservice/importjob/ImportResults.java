package io.contactsplatform.importservice.importjob;

import io.contactsplatform.events.contact.result.ContactUpsertResult;
import io.contactsplatform.events.contact.upsert.ContactUpsert;
import io.contactsplatform.importservice.importjob.ImportJobStore.AnswerChunk;
import io.contactsplatform.importservice.importjob.ImportJobStore.AnswerCounts;
import io.contactsplatform.schemas.InvalidEventException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Counts contact-service's answers (contact-upsert-results, taken a poll at a time) and rows
 * contact-service dead-lettered (seen on contact-upserts.DLT) against their import. Answers are
 * grouped by import and by chunk of rows: each chunk's bitmap in {@code import_row_answers} says
 * which rows are answered, so a redelivered answer changes nothing; then the new answers are
 * added to the job's counters in one update and the job completes when the last row is answered.
 * REJECTED answers are also kept for the error report. Answers without an import id (CRM
 * upserts), for unknown imports or for another workspace's import are ignored; an import answer
 * without a row number, or a record that cannot be decoded, is dead-lettered (the answers before
 * it in the poll are applied first).
 *
 * <p>A chunk written but not yet counted on the job (a failure between the two writes) shows up
 * as an answer seen twice; the job's answer counters are then recomputed from its chunks. All
 * answer writes of this instance are serialised, so that recount never races an increment.
 */
@Service
public class ImportResults {

  static final String DEAD_LETTERED = "DEAD_LETTERED";
  private static final Logger log = LoggerFactory.getLogger(ImportResults.class);
  private static final int MAX_CONFLICTS = 5;

  private final ImportJobStore store;
  private final Semaphore writer = new Semaphore(1);

  ImportResults(ImportJobStore store) {
    this.store = store;
  }

  /** One answered row. */
  record Answer(String workspaceId, long row, String outcome, String reasonCode, String reason) {

    AnswerCounts counts() {
      return switch (outcome) {
        case "CREATED" -> new AnswerCounts(1, 0, 0, Map.of());
        case "UPDATED" -> new AnswerCounts(0, 1, 0, Map.of());
        case "UNCHANGED" -> new AnswerCounts(0, 0, 1, Map.of());
        default -> new AnswerCounts(0, 0, 0,
            Map.of(ImportJobStore.fieldName(reasonCode == null || reasonCode.isBlank() ? "REJECTED" : reasonCode), 1L));
      };
    }
  }

  /**
   * Applies a poll of records; the first undecodable or invalid one fails the batch at its index
   * (after the ones before it are applied), so the error handler dead-letters just that record.
   */
  public Mono<Void> applyBatch(List<ConsumerRecord<String, ContactUpsertResult>> records) {
    Map<String, List<Answer>> byImport = new LinkedHashMap<>();
    for (int i = 0; i < records.size(); i++) {
      ConsumerRecord<String, ContactUpsertResult> record = records.get(i);
      ContactUpsertResult result = record.value();
      RuntimeException invalid = null;
      if (result == null) {
        DeserializationException cause = SerializationUtils.getExceptionFromHeader(record,
            SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, null);
        invalid = cause != null ? cause : new InvalidEventException("contact-upsert-results record without a value");
      } else if (result.getImportId() != null && !result.getImportId().isBlank() && result.getRowNumber() == null) {
        invalid = new InvalidEventException("ContactUpsertResult " + result.getEventId() + " for import "
            + result.getImportId() + " has no rowNumber");
      }
      if (invalid != null) {
        RuntimeException cause = invalid;
        int index = i;
        return apply(byImport).then(Mono.error(() -> new BatchListenerFailedException(cause.getMessage(), cause, index)));
      }
      if (result.getImportId() != null && !result.getImportId().isBlank()) {
        byImport.computeIfAbsent(result.getImportId(), k -> new ArrayList<>()).add(new Answer(result.getWorkspaceId(),
            result.getRowNumber(), result.getOutcome().name(), result.getReasonCode(), result.getReason()));
      }
    }
    return apply(byImport);
  }

  /** Counts a row whose upsert contact-service dead-lettered as rejected ({@value #DEAD_LETTERED}). */
  public Mono<Void> applyDeadLetter(ContactUpsert upsert, String reason) {
    if (upsert.getImportId() == null || upsert.getRowNumber() == null) {
      return Mono.empty();
    }
    return apply(Map.of(upsert.getImportId(), List.of(new Answer(upsert.getWorkspaceId(), upsert.getRowNumber(),
        "REJECTED", DEAD_LETTERED, "contact-service dead-lettered the upsert: " + reason))));
  }

  private Mono<Void> apply(Map<String, List<Answer>> byImport) {
    if (byImport.isEmpty()) {
      return Mono.empty();
    }
    Mono<Void> work = Flux.fromIterable(byImport.entrySet())
        .concatMap(e -> applyToImport(e.getKey(), e.getValue()))
        .then()
        .doOnError(e -> log.warn("recording answers of imports {} failed (retried): {}", byImport.keySet(), e.toString()));
    return Mono.usingWhen(Mono.fromCallable(() -> {
      writer.acquire();
      return writer;
    }), permit -> work, permit -> Mono.fromRunnable(permit::release));
  }

  private Mono<Void> applyToImport(String importId, List<Answer> answers) {
    String workspace = answers.get(0).workspaceId();
    List<Answer> own = answers.stream().filter(a -> workspace.equals(a.workspaceId())).toList();
    return store.find(workspace, importId)
        .switchIfEmpty(Mono.fromRunnable(() -> log.debug("ignoring answers for unknown import {} in workspace {}",
            importId, workspace)))
        .flatMap(job -> mark(importId, own, 0).flatMap(marked -> {
          Mono<ImportJob> counted = marked.fresh().total() > 0 ? store.addAnswers(importId, marked.fresh())
              : Mono.just(job);
          return Flux.fromIterable(marked.rejected())
              .concatMap(a -> store.saveAnswerIssue(importId, a.row(), a.reasonCode() == null ? "REJECTED"
                  : a.reasonCode(), a.reason()))
              .then(counted);
        }))
        .flatMap(store::completeIfAllAnswered)
        .doOnNext(completed -> {
          if (completed) {
            log.info("import {} completed", importId);
          }
        })
        .then();
  }

  /** What marking a set of answers found: counts of first-time answers and their rejections. */
  private record Marked(AnswerCounts fresh, List<Answer> rejected) {
  }

  private Mono<Marked> mark(String importId, List<Answer> answers, int attempt) {
    Map<Long, List<Answer>> byChunk = new LinkedHashMap<>();
    answers.forEach(a -> byChunk.computeIfAbsent(AnswerChunk.indexOf(a.row()), k -> new ArrayList<>()).add(a));
    return store.chunks(importId, byChunk.keySet()).flatMap(existing -> {
      AnswerCounts fresh = AnswerCounts.NONE;
      List<Answer> rejected = new ArrayList<>();
      List<Mono<Boolean>> writes = new ArrayList<>();
      for (Map.Entry<Long, List<Answer>> entry : byChunk.entrySet()) {
        AnswerChunk chunk = existing.getOrDefault(entry.getKey(), AnswerChunk.empty(entry.getKey()));
        long readVersion = chunk.version();
        boolean changed = false;
        for (Answer answer : entry.getValue()) {
          AnswerCounts counts = answer.counts();
          if (chunk.mark(answer.row(), counts)) {
            fresh = fresh.plus(counts);
            changed = true;
            if ("REJECTED".equals(answer.outcome())) {
              rejected.add(answer);
            }
          }
        }
        if (changed) {
          writes.add(store.saveChunk(importId, chunk, readVersion));
        }
      }
      Marked marked = new Marked(fresh, rejected);
      return Flux.concat(writes).all(Boolean::booleanValue).flatMap(allWritten -> {
        if (allWritten) {
          return Mono.just(marked);
        }
        if (attempt + 1 >= MAX_CONFLICTS) {
          return Mono.error(new IllegalStateException("answer chunks of import " + importId + " keep changing"));
        }
        return mark(importId, answers, attempt + 1);
      });
    });
  }

  /**
   * At start-up and on each orphan scan: completes a fully read import whose chunks answer every row
   * (its counters from the chunks; see {@link ImportJobStore#completeFromChunks}), which also closes
   * a crash between a chunk write and the job's counter update. The counters of an import still under
   * way are left alone: an earlier version set them to the chunks' sum while other answers were being
   * counted, and an increment landing after that sum counted its rows twice (1,000,419 created for
   * 1,000,000 rows).
   */
  Mono<ImportJob> reconcile(ImportJob job) {
    return store.completeFromChunks(job)
        .doOnNext(completed -> {
          if (completed) {
            log.info("import {} completed (every row answered, counted from its chunks)", job.id());
          }
        })
        .thenReturn(job);
  }
}
