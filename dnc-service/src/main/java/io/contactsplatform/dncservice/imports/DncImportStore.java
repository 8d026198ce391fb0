package io.contactsplatform.dncservice.imports;

import static io.contactsplatform.support.mongo.MongoValues.instant;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.dncservice.dnc.DncEntry.Scope;
import io.contactsplatform.dncservice.dnc.DncEntry.Source;
import io.contactsplatform.dncservice.dnc.DncStore;
import io.contactsplatform.dncservice.imports.ImportSettings.Action;
import io.contactsplatform.dncservice.imports.ImportSettings.Format;
import io.contactsplatform.dncservice.imports.ImportSettings.Mode;
import io.contactsplatform.support.jobs.JobDocuments;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import io.contactsplatform.support.lease.JobOwners;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Import state in MongoDB: {@code dnc_imports} (one document per import, counters moved with
 * {@code $inc}), {@code dnc_import_errors} ({@code importId|rowNumber}, rejected rows, read by a
 * scan on {@code importId} like contact imports' error reports), one {@code dnc_import_seen_<id>}
 * collection per running REPLACE ({@code _id} = E.164 of every number the file lists; dropped at
 * the end) and {@code dnc_registry_loads} ({@code _id} = workspace: the last completed
 * national-registry import).
 */
@Component
class DncImportStore {

  private final MongoDatabase database;
  private final MongoCollection<Document> jobs;
  private final JobDocuments lifecycle;
  private final MongoCollection<Document> errors;
  private final MongoCollection<Document> registryLoads;

  DncImportStore(MongoDatabase database) {
    this.database = database;
    this.jobs = database.getCollection("dnc_imports");
    this.lifecycle = new JobDocuments(jobs, DncImportJob.Status.QUEUED.name(), DncImportJob.Status.RUNNING.name(),
        DncImportJob.Status.REPLACING.name());
    this.errors = database.getCollection("dnc_import_errors");
    this.registryLoads = database.getCollection("dnc_registry_loads");
  }

  /** Counts of one batch. */
  record BatchCounts(long rows, long added, long alreadyActive, long removed, long notFound,
                     Map<String, Long> rejected) {
  }

  /** The last registry load of a workspace. */
  record RegistryLoad(Instant loadedAt, String importId, String mode, String fileName) {
  }

  /** Records a QUEUED job with where its upload is spooled (read again by whichever instance resumes it). */
  Mono<Void> create(DncImportJob job, Path spoolFile) {
    return Mono.from(jobs.insertOne(toDocument(job).append("spoolFile", spoolFile.toString()))).then();
  }

  /** A job left unfinished (by a dead or stopped owner) and its spooled file. */
  record Unfinished(DncImportJob job, Path spoolFile) {
  }

  /** Every QUEUED, RUNNING or REPLACING job (served by the {@code status} index). */
  Flux<Unfinished> unfinished() {
    return lifecycle.unfinished(null)
        .map(d -> new Unfinished(fromDocument(d), d.getString("spoolFile") == null ? null
            : Path.of(d.getString("spoolFile"))));
  }

  Mono<DncImportJob> find(String workspaceId, String id) {
    return lifecycle.find(workspaceId, id).map(DncImportStore::fromDocument);
  }

  /** A workspace's imports, newest first, created before {@code before} (null: any); ties broken by id. */
  Flux<DncImportJob> list(String workspaceId, Instant before, String beforeId, int limit) {
    return lifecycle.newestFirst(workspaceId, before, beforeId, limit).map(DncImportStore::fromDocument);
  }

  Mono<Void> markRunning(String id, Instant now) {
    return lifecycle.start(id, now).then();
  }

  /**
   * Appends a stint to the job's owner history ({@link JobOwners}): {@code owner} reads it after row
   * {@code fromRow}; answers the stint's index, for {@link #addCounts}.
   */
  Mono<Integer> recordOwner(String id, String owner, Instant now, long fromRow) {
    return Mono.from(jobs.findOneAndUpdate(Filters.eq("_id", id), JobOwners.claimed(owner, now, fromRow),
        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER))).map(JobOwners::lastIndex);
  }

  /** Adds one batch's counts (the resume checkpoint) and its rows to stint {@code stint} of the owner history. */
  Mono<Void> addCounts(String id, BatchCounts counts, long bytesRead, int stint) {
    List<Bson> updates = new ArrayList<>(JobOwners.checkpoint(stint, counts.rows(), Instant.now()));
    updates.addAll(List.of(
        Updates.inc("totalRows", counts.rows()),
        Updates.inc("added", counts.added()),
        Updates.inc("alreadyActive", counts.alreadyActive()),
        Updates.inc("removed", counts.removed()),
        Updates.inc("notFound", counts.notFound()),
        Updates.max("bytesRead", bytesRead)));
    counts.rejected().forEach((code, n) -> updates.add(Updates.inc("rejected." + code, n)));
    return Mono.from(jobs.updateOne(Filters.eq("_id", id), Updates.combine(updates))).then();
  }

  Mono<Void> markReplacing(String id, long bytesRead) {
    return Mono.from(jobs.updateOne(Filters.eq("_id", id), Updates.combine(
        Updates.set("status", DncImportJob.Status.REPLACING.name()), Updates.max("bytesRead", bytesRead)))).then();
  }

  Mono<Void> addRemovedByReplace(String id, long n) {
    return Mono.from(jobs.updateOne(Filters.eq("_id", id), Updates.inc("removedByReplace", n))).then();
  }

  Mono<Void> complete(String id, Instant now, long bytesRead) {
    return lifecycle.finish(id, DncImportJob.Status.COMPLETED.name(), now, Updates.max("bytesRead", bytesRead)).then();
  }

  Mono<Void> fail(String id, String reason, Instant now) {
    return lifecycle.fail(id, reason, now).then();
  }

  Mono<Void> saveErrors(String workspaceId, String importId, List<RowReader.Rejected> rows) {
    if (rows.isEmpty()) {
      return Mono.empty();
    }
    List<WriteModel<Document>> writes = new ArrayList<>();
    for (RowReader.Rejected row : rows) {
      String id = importId + "|" + row.rowNumber();
      writes.add(new ReplaceOneModel<>(Filters.eq("_id", id), new Document("_id", id)
          .append("importId", importId)
          .append("workspaceId", workspaceId)
          .append("rowNumber", row.rowNumber())
          .append("line", row.line())
          .append("code", row.code())
          .append("message", row.message())
          .append("values", row.values()), new ReplaceOptions().upsert(true)));
    }
    return Mono.from(errors.bulkWrite(writes, new BulkWriteOptions().ordered(true))).then();
  }

  Flux<RowError> errors(String importId, long afterRow, int limit) {
    return Flux.from(errors.find(Filters.and(Filters.eq("importId", importId), Filters.gt("rowNumber", afterRow)))
            .sort(Sorts.ascending("rowNumber")).limit(limit))
        .map(d -> new RowError(d.get("rowNumber", Number.class).longValue(), d.get("line", Number.class).longValue(),
            d.getString("code"), d.getString("message"), d.getList("values", String.class)));
  }

  private MongoCollection<Document> seen(String importId) {
    return database.getCollection("dnc_import_seen_" + importId.replace("-", ""));
  }

  /** Records that the file of a REPLACE lists these numbers. */
  Mono<Void> markSeen(String importId, Set<String> phones) {
    if (phones.isEmpty()) {
      return Mono.empty();
    }
    List<WriteModel<Document>> writes = phones.stream()
        .<WriteModel<Document>>map(p -> new ReplaceOneModel<>(Filters.eq("_id", p), new Document("_id", p),
            new ReplaceOptions().upsert(true)))
        .toList();
    return Mono.from(seen(importId).bulkWrite(writes, new BulkWriteOptions().ordered(true))).then();
  }

  /** Those of {@code phones} the file of the REPLACE listed (looked up in small {@code $in} chunks, see DncStore). */
  Mono<Set<String>> seenAmong(String importId, List<String> phones) {
    return Flux.fromIterable(DncStore.chunks(phones, DncStore.LOOKUP_CHUNK))
        .flatMap(chunk -> Flux.from(seen(importId).find(Filters.in("_id", chunk))
            .projection(Projections.include("_id")).batchSize(chunk.size())), 8)
        .map(d -> d.getString("_id"))
        .collect(Collectors.toSet());
  }

  Mono<Void> dropSeen(String importId) {
    return Mono.from(seen(importId).drop()).then();
  }

  Mono<Void> recordRegistryLoad(String workspaceId, RegistryLoad load) {
    return Mono.from(registryLoads.replaceOne(Filters.eq("_id", workspaceId), new Document("_id", workspaceId)
        .append("loadedAt", Date.from(load.loadedAt()))
        .append("importId", load.importId())
        .append("mode", load.mode())
        .append("fileName", load.fileName()), new ReplaceOptions().upsert(true))).then();
  }

  Mono<RegistryLoad> registryLoad(String workspaceId) {
    return Mono.from(registryLoads.find(Filters.eq("_id", workspaceId)).first())
        .map(d -> new RegistryLoad(d.getDate("loadedAt").toInstant(), d.getString("importId"), d.getString("mode"),
            d.getString("fileName")));
  }

  private static Document toDocument(DncImportJob job) {
    ImportSettings s = job.settings();
    return new Document("_id", job.id())
        .append("workspaceId", job.workspaceId())
        .append("fileName", job.fileName())
        .append("status", job.status().name())
        .append("format", s.format().name())
        .append("mode", s.mode().name())
        .append("source", s.source().name())
        .append("scope", s.scope().name())
        .append("campaignId", s.campaignId())
        .append("reason", s.reason())
        .append("expiresAt", s.expiresAt() == null ? null : Date.from(s.expiresAt()))
        .append("action", s.action() == null ? null : s.action().name())
        .append("defaultRegion", s.defaultRegion())
        .append("actor", s.actor())
        .append("override", s.override())
        .append("fileBytes", job.fileBytes())
        .append("bytesRead", 0L)
        .append("totalRows", 0L)
        .append("added", 0L)
        .append("alreadyActive", 0L)
        .append("removed", 0L)
        .append("notFound", 0L)
        .append("removedByReplace", 0L)
        .append("rejected", new Document())
        .append("createdAt", Date.from(job.createdAt()))
        .append("startedAt", null)
        .append("finishedAt", null)
        .append("failureReason", null);
  }

  private static DncImportJob fromDocument(Document d) {
    ImportSettings settings = new ImportSettings(Format.valueOf(d.getString("format")), Mode.valueOf(d.getString("mode")),
        Source.valueOf(d.getString("source")), Scope.valueOf(d.getString("scope")), d.getString("campaignId"),
        d.getString("reason"), instant(d, "expiresAt"),
        d.getString("action") == null ? null : Action.valueOf(d.getString("action")), d.getString("defaultRegion"),
        d.getString("actor"), Boolean.TRUE.equals(d.getBoolean("override")), null);
    Map<String, Long> rejected = new LinkedHashMap<>();
    Document r = d.get("rejected", Document.class);
    if (r != null) {
      r.forEach((code, n) -> rejected.put(code, ((Number) n).longValue()));
    }
    return new DncImportJob(d.getString("_id"), d.getString("workspaceId"), d.getString("fileName"),
        DncImportJob.Status.valueOf(d.getString("status")), settings, count(d, "fileBytes"), count(d, "bytesRead"),
        count(d, "totalRows"), count(d, "added"), count(d, "alreadyActive"), count(d, "removed"),
        count(d, "notFound"), count(d, "removedByReplace"), rejected, instant(d, "createdAt"),
        instant(d, "startedAt"), instant(d, "finishedAt"), d.getString("failureReason"), JobOwners.read(d));
  }

  private static long count(Document d, String field) {
    Number n = d.get(field, Number.class);
    return n == null ? 0 : n.longValue();
  }
}
