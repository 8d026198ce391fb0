package io.contactsplatform.contactservice.bulk;

import static io.contactsplatform.support.mongo.MongoValues.date;
import static io.contactsplatform.support.mongo.MongoValues.instant;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.contactservice.segment.MemberChunks;
import io.contactsplatform.support.jobs.JobDocuments;
import io.contactsplatform.support.lease.JobOwners;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Bulk jobs in {@code bulk_jobs}, their frozen selections in {@code bulk_members} ({@link MemberChunks}). */
@Component
class BulkStore {

  private final MongoCollection<Document> jobs;
  private final JobDocuments lifecycle;
  private final MemberChunks members;

  BulkStore(MongoDatabase database) {
    this.jobs = database.getCollection("bulk_jobs");
    this.lifecycle = new JobDocuments(jobs, BulkJob.QUEUED, BulkJob.RUNNING);
    this.members = new MemberChunks(database.getCollection("bulk_members"));
  }

  MemberChunks members() {
    return members;
  }

  Mono<BulkJob> find(String workspaceId, String id) {
    return lifecycle.find(workspaceId, id).map(BulkStore::fromDocument);
  }

  /** Jobs a restart interrupted, with their workspace. */
  Flux<Map.Entry<String, BulkJob>> unfinished() {
    return lifecycle.unfinished(null)
        .map(d -> Map.entry(d.getString("workspaceId"), fromDocument(d)));
  }

  /**
   * Appends a stint to the job's owner history ({@link JobOwners}): {@code owner} runs it from
   * {@code fromProcessed} contacts on; answers the stint's index, for {@link #save(String, BulkJob, int, long)}.
   */
  Mono<Integer> recordOwner(String id, String owner, Instant now, long fromProcessed) {
    return Mono.from(jobs.findOneAndUpdate(Filters.eq("_id", id), JobOwners.claimed(owner, now, fromProcessed),
        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER))).map(JobOwners::lastIndex);
  }

  /** Writes the job's fields (its owner history is left as stored). */
  Mono<Void> save(String workspaceId, BulkJob job) {
    return save(workspaceId, job, -1, 0);
  }

  /**
   * Writes the job's fields and, in the same update, adds {@code processed} contacts to stint
   * {@code stint} of its owner history (a checkpoint; none when {@code stint} is negative).
   */
  Mono<Void> save(String workspaceId, BulkJob job, int stint, long processed) {
    List<Document> errors = new ArrayList<>();
    for (BulkJob.Failure f : job.errors()) {
      errors.add(new Document("contactId", f.contactId()).append("reason", f.reason()));
    }
    BulkJob.Selection s = job.selection();
    Document d = new Document("_id", job.id())
        .append("workspaceId", workspaceId)
        .append("action", job.action())
        .append("params", job.params())
        .append("selection", new Document("kind", s.kind()).append("ids", s.ids()).append("filter", s.filter())
            .append("search", s.search()).append("segmentId", s.segmentId()).append("note", s.note()))
        .append("actor", job.actor())
        .append("status", job.status())
        .append("matched", job.matched())
        .append("matchedAt", date(job.matchedAt()))
        .append("processed", job.processed())
        .append("changed", job.changed())
        .append("unchanged", job.unchanged())
        .append("skipped", job.skipped())
        .append("failed", job.failed())
        .append("errors", errors)
        .append("nextChunk", job.nextChunk())
        .append("createdAt", date(job.createdAt()))
        .append("startedAt", date(job.startedAt()))
        .append("finishedAt", date(job.finishedAt()))
        .append("failureReason", job.failureReason());
    List<Bson> updates = new ArrayList<>(JobOwners.checkpoint(stint, processed, Instant.now()));
    d.forEach((field, value) -> {
      if (!"_id".equals(field)) {
        updates.add(Updates.set(field, value));
      }
    });
    return Mono.from(jobs.updateOne(Filters.eq("_id", job.id()), Updates.combine(updates),
        new UpdateOptions().upsert(true))).then();
  }

  private static BulkJob fromDocument(Document d) {
    Document s = d.get("selection", Document.class);
    BulkJob.Selection selection = new BulkJob.Selection(s.getString("kind"), s.getList("ids", String.class),
        plain(s.get("filter")), s.getString("search"), s.getString("segmentId"), s.getString("note"));
    List<BulkJob.Failure> errors = new ArrayList<>();
    for (Document e : d.getList("errors", Document.class, List.of())) {
      errors.add(new BulkJob.Failure(e.getString("contactId"), e.getString("reason")));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> params = (Map<String, Object>) plain(d.get("params"));
    Number matched = d.get("matched", Number.class);
    return new BulkJob(d.getString("_id"), d.getString("action"), params, selection, d.getString("actor"),
        d.getString("status"), matched == null ? null : matched.longValue(), instant(d.getDate("matchedAt")),
        number(d, "processed"), number(d, "changed"), number(d, "unchanged"), number(d, "skipped"),
        number(d, "failed"), errors, number(d, "nextChunk"), instant(d.getDate("createdAt")),
        instant(d.getDate("startedAt")), instant(d.getDate("finishedAt")), d.getString("failureReason"),
        JobOwners.read(d));
  }

  private static long number(Document d, String field) {
    Number n = d.get(field, Number.class);
    return n == null ? 0 : n.longValue();
  }

  static Object plain(Object value) {
    if (value instanceof Document d) {
      Map<String, Object> map = new LinkedHashMap<>();
      d.forEach((k, v) -> map.put(k, plain(v)));
      return map;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(BulkStore::plain).toList();
    }
    return value;
  }
}
