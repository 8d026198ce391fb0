package io.contactsplatform.importservice.importjob;

import static io.contactsplatform.support.mongo.MongoValues.instant;
import static io.contactsplatform.support.mongo.MongoValues.isDuplicateKey;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.events.contact.upsert.DuplicatePolicy;
import io.contactsplatform.importservice.customfield.CustomFieldDefinition;
import io.contactsplatform.support.csv.CsvFormat;
import io.contactsplatform.support.customfield.CustomFieldType;
import io.contactsplatform.support.jobs.JobDocuments;
import io.contactsplatform.support.mongo.MongoValues;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.contactsplatform.support.lease.JobOwners;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Import state in MongoDB, every hot lookup on {@code _id} (mongo-java-server builds no
 * secondary indexes):
 * <ul>
 *   <li>{@code import_jobs}: one document per import; counters move with {@code $inc} so
 *       concurrent writers never lose updates;</li>
 *   <li>{@code import_row_issues}: {@code importId|batch}: the rows of one read batch that have
 *       errors or warnings, with their cells (replaced as a whole, so a re-read batch rewrites the
 *       same document); the error report reads them by id in batch order;</li>
 *   <li>{@code import_row_answers}: {@code importId|chunk}: which rows of a chunk of
 *       {@value #CHUNK_ROWS} rows contact-service has answered (a bitmap) and the chunk's answer
 *       counts; the bitmap is the idempotency guard and the counts let a job's counters be
 *       recomputed after a crash between the chunk write and the job update;</li>
 *   <li>{@code import_answer_issues}: {@code importId|row}: rows contact-service rejected (or
 *       dead-lettered), for the error report (read by a scan on {@code importId}; they are rare).</li>
 * </ul>
 */
@Component
class ImportJobStore {

  static final int CHUNK_ROWS = 4096;

  private final MongoCollection<Document> jobs;
  private final JobDocuments lifecycle;
  private final MongoCollection<Document> issues;
  private final MongoCollection<Document> answers;
  private final MongoCollection<Document> answerIssues;

  ImportJobStore(MongoDatabase database) {
    this.jobs = database.getCollection("import_jobs");
    this.lifecycle = new JobDocuments(jobs, JobDocuments.QUEUED, JobDocuments.RUNNING);
    this.issues = database.getCollection("import_row_issues");
    this.answers = database.getCollection("import_row_answers");
    this.answerIssues = database.getCollection("import_answer_issues");
  }

  Mono<Void> create(ImportJob job) {
    return Mono.from(jobs.insertOne(toDocument(job))).then();
  }

  /** The job with this id inside this workspace (empty for other workspaces' ids). */
  Mono<ImportJob> find(String workspaceId, String id) {
    return lifecycle.find(workspaceId, id).map(ImportJobStore::fromDocument);
  }

  /** A workspace's jobs, newest first, created before {@code before} (null: any). */
  Flux<ImportJob> list(String workspaceId, Instant before, String beforeId, int limit) {
    return lifecycle.newestFirst(workspaceId, before, beforeId, limit).map(ImportJobStore::fromDocument);
  }

  /** Jobs not yet COMPLETED or FAILED that were created before {@code before}. */
  Flux<ImportJob> unfinished(Instant before) {
    return lifecycle.unfinished(Filters.lt("createdAt", Date.from(before))).map(ImportJobStore::fromDocument);
  }

  Mono<Void> markRunning(String id, Instant now) {
    return lifecycle.start(id, now).then();
  }

  /** Writes the rows of batch {@code batch} that have findings (replacing any earlier copy). */
  Mono<Void> saveIssues(ImportJob job, long batch, List<RowOutcome> rows) {
    if (rows.isEmpty()) {
      return Mono.empty();
    }
    List<Document> docs = new ArrayList<>(rows.size());
    for (RowOutcome row : rows) {
      List<Document> found = new ArrayList<>();
      for (RowIssue issue : row.issues()) {
        found.add(new Document("severity", issue.severity().name()).append("column", issue.field())
            .append("code", issue.code()).append("message", issue.message()));
      }
      docs.add(new Document("rowNumber", row.rowNumber()).append("line", row.line())
          .append("values", row.values()).append("issues", found));
    }
    String id = job.id() + "|" + batch;
    Document doc = new Document("_id", id).append("importId", job.id()).append("batch", batch).append("rows", docs);
    return Mono.from(issues.replaceOne(Filters.eq("_id", id), doc, new ReplaceOptions().upsert(true))).then();
  }

  /** The issue documents of batches {@code from} (inclusive) to {@code to} (exclusive), in batch order. */
  Flux<Document> issueBatches(String importId, long from, long to) {
    List<String> ids = new ArrayList<>();
    for (long b = from; b < to; b++) {
      ids.add(importId + "|" + b);
    }
    if (ids.isEmpty()) {
      return Flux.empty();
    }
    return Flux.from(issues.find(Filters.in("_id", ids)))
        .collectSortedList((a, b) -> Long.compare(a.get("batch", Number.class).longValue(),
            b.get("batch", Number.class).longValue()))
        .flatMapMany(Flux::fromIterable);
  }

  /**
   * Appends a stint to the job's owner history ({@link JobOwners}): {@code owner} starts reading it
   * after row {@code fromRow}; answers the stint's index, for {@link #addReadCounts}.
   */
  Mono<Integer> recordOwner(String id, String owner, Instant now, long fromRow) {
    return Mono.from(jobs.findOneAndUpdate(Filters.eq("_id", id), JobOwners.claimed(owner, now, fromRow),
        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER))).map(JobOwners::lastIndex);
  }

  /** Adds one batch's read counts without an owner stint (tests). */
  Mono<Void> addReadCounts(String id, ReadCounts counts) {
    return addReadCounts(id, counts, -1);
  }

  /**
   * Adds one batch's read counts atomically; the batch boundary is also the resume checkpoint. The
   * same update adds the rows to stint {@code stint} of the owner history (none when negative).
   */
  Mono<Void> addReadCounts(String id, ReadCounts counts, int stint) {
    List<Bson> updates = new ArrayList<>(JobOwners.checkpoint(stint, counts.rows(), Instant.now()));
    updates.add(Updates.inc("totalRows", counts.rows()));
    updates.add(Updates.inc("acceptedRows", counts.accepted()));
    updates.add(Updates.inc("mergedDuplicates", counts.merged()));
    counts.rejected().forEach((code, n) -> updates.add(Updates.inc("rejected." + fieldName(code), n)));
    counts.warnings().forEach((code, n) -> updates.add(Updates.inc("warnings." + fieldName(code), n)));
    return Mono.from(jobs.updateOne(Filters.eq("_id", id), Updates.combine(updates))).then();
  }

  /** Marks the file as fully read; the job as it is now. */
  Mono<ImportJob> finishReading(String id) {
    return Mono.from(jobs.findOneAndUpdate(Filters.eq("_id", id), Updates.set("allRowsRead", true),
        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER))).map(ImportJobStore::fromDocument);
  }

  /** The answer chunks with these indexes that exist, by index. */
  Mono<Map<Long, AnswerChunk>> chunks(String importId, Collection<Long> indexes) {
    List<String> ids = indexes.stream().map(i -> importId + "|" + i).toList();
    return Flux.from(answers.find(Filters.in("_id", ids)))
        .map(AnswerChunk::of)
        .collectMap(AnswerChunk::index);
  }

  /** Every answer chunk of an import up to {@code rows} rows. */
  Flux<AnswerChunk> allChunks(String importId, long rows) {
    List<Long> indexes = new ArrayList<>();
    for (long i = 0; i <= rows / CHUNK_ROWS; i++) {
      indexes.add(i);
    }
    return Flux.fromIterable(indexes).buffer(256)
        .concatMap(batch -> chunks(importId, batch).flatMapMany(m -> Flux.fromIterable(m.values())));
  }

  /**
   * Writes a chunk if nobody changed it since it was read (version check); false on a conflict,
   * so the caller reads it again.
   */
  Mono<Boolean> saveChunk(String importId, AnswerChunk chunk, long readVersion) {
    Document doc = chunk.toDocument(importId);
    if (readVersion == 0) {
      return Mono.from(answers.insertOne(doc)).thenReturn(true)
          .onErrorResume(MongoValues::isDuplicateKey, e -> Mono.just(false));
    }
    return Mono.from(answers.replaceOne(Filters.and(Filters.eq("_id", doc.getString("_id")),
            Filters.eq("version", readVersion)), doc))
        .map(r -> r.getModifiedCount() > 0);
  }

  /**
   * Adds answer counts to a job not yet COMPLETED; the job after the update (empty once COMPLETED:
   * completion sets the counters from the chunks, and an increment still in flight then must not
   * count its rows a second time).
   */
  Mono<ImportJob> addAnswers(String id, AnswerCounts counts) {
    List<Bson> updates = new ArrayList<>();
    updates.add(Updates.inc("processedRows", counts.total()));
    updates.add(Updates.inc("created", counts.created()));
    updates.add(Updates.inc("updated", counts.updated()));
    updates.add(Updates.inc("unchanged", counts.unchanged()));
    counts.rejected().forEach((code, n) -> updates.add(Updates.inc("answerRejected." + fieldName(code), n)));
    return Mono.from(jobs.findOneAndUpdate(Filters.and(Filters.eq("_id", id),
            Filters.ne("status", ImportJob.Status.COMPLETED.name())), Updates.combine(updates),
        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER))).map(ImportJobStore::fromDocument);
  }

  /** Sets the job's answer counters to {@code counts} (recomputed from its chunks); the job after. */
  /** Keeps a row contact-service rejected (or dead-lettered), for the error report. */
  Mono<Void> saveAnswerIssue(String importId, long row, String code, String message) {
    String id = importId + "|" + row;
    Document doc = new Document("_id", id).append("importId", importId).append("rowNumber", row)
        .append("code", code).append("message", message);
    return Mono.from(answerIssues.replaceOne(Filters.eq("_id", id), doc, new ReplaceOptions().upsert(true))).then();
  }

  /** Rows contact-service rejected, by row number. */
  Flux<Document> answerIssues(String importId) {
    return Flux.from(answerIssues.find(Filters.eq("importId", importId)).sort(Sorts.ascending("rowNumber")));
  }

  /**
   * Sets COMPLETED when {@code job} (a fresh snapshot) has every row read and answered. Guarded
   * on the stored state, so the reader and the result listener may both call it safely.
   */
  Mono<Boolean> completeIfAllAnswered(ImportJob job) {
    if (!job.allAnswered() || job.status() != ImportJob.Status.RUNNING) {
      return Mono.just(false);
    }
    return completeFromChunks(job);
  }

  /**
   * Completes a fully read RUNNING job when its answer chunks hold an answer for every accepted row,
   * with its counters set to the chunks' sums: exact whatever the increments did (one bit per row),
   * including an increment lost in a crash between a chunk write and the job update. The counters of
   * a job still under way are never overwritten: other instances' increments land meanwhile.
   */
  Mono<Boolean> completeFromChunks(ImportJob job) {
    if (!job.allRowsRead() || job.status() != ImportJob.Status.RUNNING) {
      return Mono.just(false);
    }
    return allChunks(job.id(), Math.max(job.totalRows(), job.acceptedRows()))
        .map(AnswerChunk::counts)
        .reduce(AnswerCounts.NONE, AnswerCounts::plus)
        .flatMap(sum -> {
          if (sum.total() < job.acceptedRows()) {
            return Mono.just(false);
          }
          Document rejected = new Document();
          sum.rejected().forEach((code, n) -> rejected.append(fieldName(code), n));
          return Mono.from(jobs.updateOne(
                  Filters.and(Filters.eq("_id", job.id()), Filters.eq("status", ImportJob.Status.RUNNING.name()),
                      Filters.eq("allRowsRead", true)),
                  Updates.combine(Updates.set("status", ImportJob.Status.COMPLETED.name()),
                      Updates.set("finishedAt", new Date()), Updates.set("processedRows", sum.total()),
                      Updates.set("created", sum.created()), Updates.set("updated", sum.updated()),
                      Updates.set("unchanged", sum.unchanged()), Updates.set("answerRejected", rejected))))
              .map(result -> result.getModifiedCount() > 0);
        });
  }

  /** Records the row count of the file (the first pass), the fixed base of {@link ImportJob#progress()}. */
  Mono<Void> setExpectedRows(String id, long rows) {
    return Mono.from(jobs.updateOne(Filters.eq("_id", id), Updates.set("expectedRows", rows))).then();
  }

  /** Outcome of a cancel request. */
  enum CancelOutcome { CANCELLED, REQUESTED, ALREADY_REQUESTED, TERMINAL, NOT_FOUND }

  /**
   * Cancels a job of this workspace. A QUEUED job, or a RUNNING one whose file is fully read
   * (only waiting for contact-service's answers), becomes CANCELLED at once. Otherwise the job
   * gets {@code cancelRequested}, which its reader checks between batches before it sets
   * CANCELLED; if the reader finished the file meanwhile, this sets CANCELLED itself (the reader
   * checks the flag after marking the file read, so one of the two always does).
   */
  Mono<CancelOutcome> requestCancel(String workspaceId, String id, Instant now) {
    Bson own = Filters.and(Filters.eq("_id", id), Filters.eq("workspaceId", workspaceId));
    Bson cancelled = Updates.combine(Updates.set("status", ImportJob.Status.CANCELLED.name()),
        Updates.set("cancelRequested", true), Updates.set("finishedAt", Date.from(now)));
    Bson immediately = Filters.and(own, Filters.or(Filters.eq("status", ImportJob.Status.QUEUED.name()),
        Filters.and(Filters.eq("status", ImportJob.Status.RUNNING.name()), Filters.eq("allRowsRead", true))));
    return Mono.from(jobs.updateOne(immediately, cancelled))
        .flatMap(direct -> direct.getModifiedCount() > 0 ? Mono.just(CancelOutcome.CANCELLED)
            : Mono.from(jobs.findOneAndUpdate(Filters.and(own, Filters.eq("status", ImportJob.Status.RUNNING.name()),
                    Filters.ne("cancelRequested", true)), Updates.set("cancelRequested", true),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)))
                .flatMap(after -> Boolean.TRUE.equals(after.getBoolean("allRowsRead"))
                    ? markCancelled(id, now).thenReturn(CancelOutcome.CANCELLED)
                    : Mono.just(CancelOutcome.REQUESTED))
                .switchIfEmpty(Mono.defer(() -> find(workspaceId, id)
                    .map(job -> job.finished() ? CancelOutcome.TERMINAL : CancelOutcome.ALREADY_REQUESTED)
                    .defaultIfEmpty(CancelOutcome.NOT_FOUND))));
  }

  /** True when an operator asked to cancel the job (or it is no longer QUEUED or RUNNING). */
  Mono<Boolean> stopRequested(String id) {
    return Mono.from(jobs.find(Filters.eq("_id", id)).first())
        .map(d -> Boolean.TRUE.equals(d.getBoolean("cancelRequested"))
            || !List.of("QUEUED", "RUNNING").contains(d.getString("status")))
        .defaultIfEmpty(true);
  }

  /** RUNNING → CANCELLED once the reader has stopped. */
  Mono<Void> markCancelled(String id, Instant now) {
    return lifecycle.finish(id, ImportJob.Status.CANCELLED.name(), now).then();
  }

  /** Marks a QUEUED or RUNNING job FAILED (a cancelled or finished job keeps its status). */
  Mono<Void> fail(String id, String reason) {
    return lifecycle.fail(id, reason, Instant.now()).then();
  }

  /** A code usable as a field name (no dots or dollars). */
  static String fieldName(String code) {
    return code.replaceAll("[^A-Za-z0-9_]", "_");
  }

  /** Counts from reading one batch of rows. */
  record ReadCounts(long rows, long accepted, long merged, Map<String, Long> rejected, Map<String, Long> warnings) {
  }

  /** Answer counts: by outcome, rejections by reason code. */
  record AnswerCounts(long created, long updated, long unchanged, Map<String, Long> rejected) {

    static final AnswerCounts NONE = new AnswerCounts(0, 0, 0, Map.of());

    long total() {
      return created + updated + unchanged + rejected.values().stream().mapToLong(Long::longValue).sum();
    }

    AnswerCounts plus(AnswerCounts other) {
      Map<String, Long> sum = new LinkedHashMap<>(rejected);
      other.rejected.forEach((code, n) -> sum.merge(code, n, Long::sum));
      return new AnswerCounts(created + other.created, updated + other.updated, unchanged + other.unchanged, sum);
    }
  }

  /** One chunk of answered rows: a bitmap of row offsets, its counts and a version for optimistic writes. */
  static final class AnswerChunk {
    private final long index;
    private final byte[] bits;
    private final long version;
    private AnswerCounts counts;

    AnswerChunk(long index, byte[] bits, long version, AnswerCounts counts) {
      this.index = index;
      this.bits = bits;
      this.version = version;
      this.counts = counts;
    }

    static AnswerChunk empty(long index) {
      return new AnswerChunk(index, new byte[CHUNK_ROWS / 8], 0, AnswerCounts.NONE);
    }

    static long indexOf(long row) {
      return row / CHUNK_ROWS;
    }

    long index() {
      return index;
    }

    long version() {
      return version;
    }

    AnswerCounts counts() {
      return counts;
    }

    /** Marks {@code row} answered; false when it was already. */
    boolean mark(long row, AnswerCounts outcome) {
      int offset = (int) (row % CHUNK_ROWS);
      int mask = 1 << (offset % 8);
      if ((bits[offset / 8] & mask) != 0) {
        return false;
      }
      bits[offset / 8] |= (byte) mask;
      counts = counts.plus(outcome);
      return true;
    }

    Document toDocument(String importId) {
      Document rejected = new Document();
      counts.rejected().forEach(rejected::append);
      return new Document("_id", importId + "|" + index).append("importId", importId).append("chunk", index)
          .append("bits", new Binary(bits)).append("version", version + 1)
          .append("created", counts.created()).append("updated", counts.updated())
          .append("unchanged", counts.unchanged()).append("rejected", rejected);
    }

    static AnswerChunk of(Document d) {
      Map<String, Long> rejected = new LinkedHashMap<>();
      Document r = d.get("rejected", Document.class);
      if (r != null) {
        r.forEach((code, n) -> rejected.put(code, ((Number) n).longValue()));
      }
      return new AnswerChunk(d.get("chunk", Number.class).longValue(), d.get("bits", Binary.class).getData().clone(),
          d.get("version", Number.class).longValue(), new AnswerCounts(count(d, "created"), count(d, "updated"),
          count(d, "unchanged"), rejected));
    }
  }

  private static Document toDocument(ImportJob job) {
    List<Document> mapping = new ArrayList<>();
    job.mapping().forEach((column, target) -> mapping.add(new Document("column", column).append("target", target)));
    List<Document> customFields = new ArrayList<>();
    job.customFields().values().forEach(f -> customFields.add(new Document("key", f.key()).append("label", f.label())
        .append("type", f.type().name()).append("required", f.required()).append("allowedValues", f.allowedValues())
        .append("defaultValue", f.defaultValue())));
    ImportJob.SourceFile file = job.file();
    Document fileDoc = new Document("path", file.path().toString()).append("size", file.size())
        .append("encoding", file.format().encoding()).append("bomBytes", file.format().bomBytes())
        .append("gzip", file.format().gzip())
        .append("delimiter", String.valueOf(file.format().delimiter()))
        .append("headerRecord", file.format().headerRecord()).append("headers", file.headers());
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
        .append("file", fileDoc)
        .append("batchSize", job.batchSize())
        .append("customFields", customFields)
        .append("totalRows", job.totalRows())
        .append("acceptedRows", job.acceptedRows())
        .append("mergedDuplicates", job.mergedDuplicates())
        .append("processedRows", job.processedRows())
        .append("created", job.created())
        .append("updated", job.updated())
        .append("unchanged", job.unchanged())
        .append("rejected", new Document())
        .append("answerRejected", new Document())
        .append("warnings", new Document())
        .append("allRowsRead", job.allRowsRead())
        .append("createdAt", Date.from(job.createdAt()))
        .append("startedAt", null)
        .append("finishedAt", null)
        .append("failureReason", null)
        .append("expectedRows", job.expectedRows())
        .append("startedBy", new Document("actor", job.startedBy().actor())
            .append("apiKeyName", job.startedBy().apiKeyName()))
        .append("cancelRequested", job.cancelRequested());
  }

  private static ImportJob fromDocument(Document d) {
    Map<String, String> mapping = new LinkedHashMap<>();
    for (Document m : d.getList("mapping", Document.class, List.of())) {
      mapping.put(m.getString("column"), m.getString("target"));
    }
    Map<String, CustomFieldDefinition> customFields = new LinkedHashMap<>();
    for (Document f : d.getList("customFields", Document.class, List.of())) {
      customFields.put(f.getString("key"), new CustomFieldDefinition(f.getString("key"), f.getString("label"),
          CustomFieldType.valueOf(f.getString("type")), Boolean.TRUE.equals(f.getBoolean("required")),
          f.getList("allowedValues", String.class), f.getString("defaultValue")));
    }
    Document f = d.get("file", Document.class);
    ImportJob.SourceFile file = new ImportJob.SourceFile(Path.of(f.getString("path")), count(f, "size"),
        new CsvFormat(f.getString("encoding"), (int) count(f, "bomBytes"), Boolean.TRUE.equals(f.getBoolean("gzip")),
            f.getString("delimiter").charAt(0),
            (int) count(f, "headerRecord")), f.getList("headers", String.class));
    ImportSettings settings = new ImportSettings(d.getString("defaultRegion"),
        DuplicatePolicy.valueOf(d.getString("duplicatePolicy")), d.getList("tags", String.class),
        d.getString("campaignId"));
    return new ImportJob(d.getString("_id"), d.getString("workspaceId"), d.getString("fileName"),
        ImportJob.Status.valueOf(d.getString("status")), mapping, settings, file, (int) count(d, "batchSize"),
        customFields, count(d, "totalRows"), count(d, "acceptedRows"), count(d, "mergedDuplicates"),
        count(d, "processedRows"), count(d, "created"), count(d, "updated"), count(d, "unchanged"),
        counts(d, "rejected"), counts(d, "answerRejected"), counts(d, "warnings"),
        Boolean.TRUE.equals(d.getBoolean("allRowsRead")), instant(d, "createdAt"), instant(d, "startedAt"),
        instant(d, "finishedAt"), d.getString("failureReason"), count(d, "expectedRows"), actor(d),
        Boolean.TRUE.equals(d.getBoolean("cancelRequested")), JobOwners.read(d));
  }

  private static ImportJob.Actor actor(Document d) {
    Document a = d.get("startedBy", Document.class);
    return a == null ? ImportJob.Actor.API : new ImportJob.Actor(a.getString("actor"), a.getString("apiKeyName"));
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
}
