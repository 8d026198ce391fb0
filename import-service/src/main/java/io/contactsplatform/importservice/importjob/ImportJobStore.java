package io.contactsplatform.importservice.importjob;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.events.contact.upsert.DuplicatePolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Import state in MongoDB, every hot lookup on {@code _id}: {@code import_jobs} (one document
 * per import, counters moved with {@code $inc} so concurrent writers never lose updates),
 * {@code import_row_errors} ({@code importId|rowNumber}: rejected rows, written by upsert so a
 * re-read file rewrites the same documents) and {@code import_row_results}
 * ({@code importId|rowNumber}: rows whose contact-upsert-results answer has been counted; the
 * insert is the idempotency guard). The error report is read by a scan on {@code importId}
 * (mongo-java-server builds no secondary indexes; acceptable for a report, not for hot paths).
 */
@Component
class ImportJobStore {

  private final MongoCollection<Document> jobs;
  private final MongoCollection<Document> errors;
  private final MongoCollection<Document> results;

  ImportJobStore(MongoDatabase database) {
    this.jobs = database.getCollection("import_jobs");
    this.errors = database.getCollection("import_row_errors");
    this.results = database.getCollection("import_row_results");
  }

  static String rowKey(String importId, long rowNumber) {
    return importId + "|" + rowNumber;
  }

  Mono<Void> create(ImportJob job) {
    return Mono.from(jobs.insertOne(toDocument(job))).then();
  }

  /** The job with this id inside this workspace (empty for other workspaces' ids). */
  Mono<ImportJob> find(String workspaceId, String id) {
    return Mono.from(jobs.find(Filters.eq("_id", id)).first())
        .filter(d -> workspaceId.equals(d.getString("workspaceId")))
        .map(ImportJobStore::fromDocument);
  }

  Mono<Void> markRunning(String id, Instant now) {
    return Mono.from(jobs.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("status", "QUEUED")),
        Updates.combine(Updates.set("status", ImportJob.Status.RUNNING.name()),
            Updates.set("startedAt", Date.from(now))))).then();
  }

  /** Writes rejected rows, each under {@code importId|rowNumber} (replacing any earlier copy). */
  Mono<Void> saveErrors(String workspaceId, String importId, List<RowOutcome.Rejected> rows) {
    if (rows.isEmpty()) {
      return Mono.empty();
    }
    List<ReplaceOneModel<Document>> writes = new ArrayList<>();
    for (RowOutcome.Rejected row : rows) {
      String id = rowKey(importId, row.rowNumber());
      Document doc = new Document("_id", id)
          .append("importId", importId)
          .append("workspaceId", workspaceId)
          .append("rowNumber", row.rowNumber())
          .append("line", row.line())
          .append("code", row.code())
          .append("message", row.message())
          .append("values", row.values());
      writes.add(new ReplaceOneModel<>(Filters.eq("_id", id), doc, new ReplaceOptions().upsert(true)));
    }
    return Mono.from(errors.bulkWrite(writes, new BulkWriteOptions().ordered(true))).then();
  }

  /** Adds one batch's read counts (rows, accepted, rejected and warnings by code) atomically. */
  Mono<Void> addReadCounts(String id, ReadCounts counts) {
    List<Bson> updates = new ArrayList<>();
    updates.add(Updates.inc("totalRows", counts.rows()));
    updates.add(Updates.inc("acceptedRows", counts.accepted()));
    counts.rejected().forEach((code, n) -> updates.add(Updates.inc("rejected." + fieldName(code), n)));
    counts.warnings().forEach((code, n) -> updates.add(Updates.inc("warnings." + fieldName(code), n)));
    return Mono.from(jobs.updateOne(Filters.eq("_id", id), Updates.combine(updates))).then();
  }

  /** Marks the file as fully read; the job as it is now. */
  Mono<ImportJob> finishReading(String id) {
    return Mono.from(jobs.findOneAndUpdate(Filters.eq("_id", id), Updates.set("allRowsRead", true),
        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER))).map(ImportJobStore::fromDocument);
  }

  /** Records that a row's result arrived; false when it had been recorded already (a redelivery). */
  Mono<Boolean> recordResult(String importId, long rowNumber, String outcome, String reasonCode, String contactId) {
    Document doc = new Document("_id", rowKey(importId, rowNumber))
        .append("importId", importId)
        .append("rowNumber", rowNumber)
        .append("outcome", outcome)
        .append("reasonCode", reasonCode)
        .append("contactId", contactId)
        .append("receivedAt", new Date());
    return Mono.from(results.insertOne(doc))
        .thenReturn(true)
        .onErrorResume(ImportJobStore::isDuplicateKey, e -> Mono.just(false));
  }

  /** Counts one answered row under its outcome (rejections by reason code); the job after the update. */
  Mono<ImportJob> countResult(String id, String outcome, String reasonCode) {
    String counter = switch (outcome) {
      case "CREATED" -> "created";
      case "UPDATED" -> "updated";
      case "UNCHANGED" -> "unchanged";
      default -> "rejected." + fieldName(reasonCode == null || reasonCode.isBlank() ? "REJECTED" : reasonCode);
    };
    return Mono.from(jobs.findOneAndUpdate(Filters.eq("_id", id),
            Updates.combine(Updates.inc("processedRows", 1), Updates.inc(counter, 1)),
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)))
        .map(ImportJobStore::fromDocument);
  }

  /**
   * Sets COMPLETED when {@code job} (a fresh snapshot) has every row read and answered. Guarded
   * on the stored state, so the reader and the result listener may both call it safely.
   */
  Mono<Boolean> completeIfAllAnswered(ImportJob job) {
    if (!job.allAnswered() || job.status() != ImportJob.Status.RUNNING) {
      return Mono.just(false);
    }
    return Mono.from(jobs.updateOne(
            Filters.and(Filters.eq("_id", job.id()), Filters.eq("status", ImportJob.Status.RUNNING.name()),
                Filters.eq("allRowsRead", true), Filters.gte("processedRows", job.acceptedRows())),
            Updates.combine(Updates.set("status", ImportJob.Status.COMPLETED.name()),
                Updates.set("finishedAt", new Date()))))
        .map(result -> result.getModifiedCount() > 0);
  }

  Mono<Void> fail(String id, String reason) {
    return Mono.from(jobs.updateOne(Filters.eq("_id", id),
        Updates.combine(Updates.set("status", ImportJob.Status.FAILED.name()), Updates.set("failureReason", reason),
            Updates.set("finishedAt", new Date())))).then();
  }

  /** Rejected rows of an import ordered by row number, after {@code afterRow}. */
  Flux<RowError> errors(String importId, long afterRow, int limit) {
    return Flux.from(errors.find(Filters.and(Filters.eq("importId", importId), Filters.gt("rowNumber", afterRow)))
            .sort(Sorts.ascending("rowNumber")).limit(limit))
        .map(d -> new RowError(d.get("rowNumber", Number.class).longValue(), d.get("line", Number.class).longValue(),
            d.getString("code"), d.getString("message"), d.getList("values", String.class)));
  }

  static boolean isDuplicateKey(Throwable e) {
    return e instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
  }

  /** A code usable as a field name (no dots or dollars). */
  static String fieldName(String code) {
    return code.replaceAll("[^A-Za-z0-9_]", "_");
  }

  /** Counts from reading one batch of rows. */
  record ReadCounts(long rows, long accepted, Map<String, Long> rejected, Map<String, Long> warnings) {

    static ReadCounts of(List<RowOutcome> batch) {
      long accepted = 0;
      Map<String, Long> rejected = new LinkedHashMap<>();
      Map<String, Long> warnings = new LinkedHashMap<>();
      for (RowOutcome outcome : batch) {
        if (outcome instanceof RowOutcome.Accepted a) {
          accepted++;
          a.warnings().forEach(w -> warnings.merge(w, 1L, Long::sum));
        } else if (outcome instanceof RowOutcome.Rejected r) {
          rejected.merge(r.code(), 1L, Long::sum);
        }
      }
      return new ReadCounts(batch.size(), accepted, rejected, warnings);
    }
  }

  private static Document toDocument(ImportJob job) {
    List<Document> mapping = new ArrayList<>();
    job.mapping().forEach((column, target) -> mapping.add(new Document("column", column).append("target", target)));
    ImportSettings s = job.settings();
    return new Document("_id", job.id())
        .append("workspaceId", job.workspaceId())
        .append("fileName", job.fileName())
        .append("status", job.status().name())
        .append("mapping", mapping)
        .append("defaultRegion", s.defaultRegion())
        .append("duplicatePolicy", s.duplicatePolicy().name())
        .append("tags", s.tags())
        .append("campaignId", s.campaignId())
        .append("totalRows", job.totalRows())
        .append("acceptedRows", job.acceptedRows())
        .append("processedRows", job.processedRows())
        .append("created", job.created())
        .append("updated", job.updated())
        .append("unchanged", job.unchanged())
        .append("rejected", new Document())
        .append("warnings", new Document())
        .append("allRowsRead", job.allRowsRead())
        .append("createdAt", Date.from(job.createdAt()))
        .append("startedAt", null)
        .append("finishedAt", null)
        .append("failureReason", null);
  }

  private static ImportJob fromDocument(Document d) {
    Map<String, String> mapping = new LinkedHashMap<>();
    for (Document m : d.getList("mapping", Document.class, List.of())) {
      mapping.put(m.getString("column"), m.getString("target"));
    }
    ImportSettings settings = new ImportSettings(d.getString("defaultRegion"),
        DuplicatePolicy.valueOf(d.getString("duplicatePolicy")), d.getList("tags", String.class),
        d.getString("campaignId"));
    return new ImportJob(d.getString("_id"), d.getString("workspaceId"), d.getString("fileName"),
        ImportJob.Status.valueOf(d.getString("status")), mapping, settings, count(d, "totalRows"),
        count(d, "acceptedRows"), count(d, "processedRows"), count(d, "created"), count(d, "updated"),
        count(d, "unchanged"), counts(d, "rejected"), counts(d, "warnings"),
        Boolean.TRUE.equals(d.getBoolean("allRowsRead")), instant(d, "createdAt"), instant(d, "startedAt"),
        instant(d, "finishedAt"), d.getString("failureReason"));
  }

  private static long count(Document d, String field) {
    Number n = d.get(field, Number.class);
    return n == null ? 0 : n.longValue();
  }

  private static Map<String, Long> counts(Document d, String field) {
    Map<String, Long> counts = new LinkedHashMap<>();
    Document doc = d.get(field, Document.class);
    if (doc != null) {
      doc.forEach((code, n) -> counts.put(code, ((Number) n).longValue()));
    }
    return counts;
  }

  private static Instant instant(Document d, String field) {
    Date date = d.getDate(field);
    return date == null ? null : date.toInstant();
  }
}
