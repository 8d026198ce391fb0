package io.contactsplatform.support.jobs;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.contactsplatform.support.mongo.MongoValues;
import io.contactsplatform.support.web.CursorPage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The lifecycle every background job shares (imports, DNC imports, bulk jobs), over one collection
 * holding a document per job with {@code _id}, {@code workspaceId}, {@code status},
 * {@code createdAt}, {@code startedAt}, {@code finishedAt} and {@code failureReason}:
 * a workspace sees only its own jobs; lists are newest first with the id breaking ties;
 * {@value #QUEUED} → {@value #RUNNING} stamps {@code startedAt}; a job ends (COMPLETED, FAILED,
 * CANCELLED...) only from one of its unfinished statuses, stamping {@code finishedAt}, so a
 * cancelled or finished job keeps its status.
 *
 * <p>Limit: the counters and fields of a kind of job stay with its own store; this holds only the
 * status transitions and the reads by workspace. Lists are served by an index on
 * {@code (workspaceId, createdAt, _id)} and {@link #unfinished} by one on {@code status}, which
 * each service declares.
 */
public final class JobDocuments {

  public static final String QUEUED = "QUEUED";
  public static final String RUNNING = "RUNNING";
  public static final String COMPLETED = "COMPLETED";
  public static final String FAILED = "FAILED";

  private final MongoCollection<Document> jobs;
  private final List<String> unfinishedStatuses;

  /** Jobs in {@code jobs}, unfinished while in one of {@code unfinishedStatuses} (QUEUED and RUNNING at least). */
  public JobDocuments(MongoCollection<Document> jobs, String... unfinishedStatuses) {
    this.jobs = jobs;
    this.unfinishedStatuses = List.of(unfinishedStatuses);
  }

  /** The job with this id in this workspace; empty for another workspace's ids. */
  public Mono<Document> find(String workspaceId, String id) {
    return Mono.from(jobs.find(Filters.eq("_id", id)).first())
        .filter(d -> workspaceId.equals(d.getString("workspaceId")));
  }

  /**
   * Where a page of {@link #newestFirst} starts: after the last job of the previous page. Its
   * cursor is the opaque {@link CursorPage} text of {@code createdAt millis|id}.
   */
  public record Position(Instant createdAt, String id) {

    /** The position a cursor from {@link #encode} stands for; null for none; 400 "invalid cursor" otherwise. */
    public static Position decode(String cursor) {
      return CursorPage.decodeCursor(cursor, text -> {
        String[] parts = text.split("\\|", 2);
        return parts[1].isEmpty() ? null : new Position(Instant.ofEpochMilli(Long.parseLong(parts[0])), parts[1]);
      });
    }

    public String encode() {
      return CursorPage.encodeCursor(createdAt.toEpochMilli() + "|" + id);
    }
  }

  /** A workspace's jobs, newest first, created before ({@code before}, {@code beforeId}) (null: from the newest). */
  public Flux<Document> newestFirst(String workspaceId, Instant before, String beforeId, int limit) {
    Bson filter = Filters.eq("workspaceId", workspaceId);
    if (before != null) {
      Date at = Date.from(before);
      filter = Filters.and(filter, Filters.or(Filters.lt("createdAt", at),
          Filters.and(Filters.eq("createdAt", at), Filters.lt("_id", beforeId))));
    }
    return Flux.from(jobs.find(filter).sort(Sorts.descending("createdAt", "_id")).limit(limit));
  }

  /** Every unfinished job, also matching {@code also} when given. */
  public Flux<Document> unfinished(Bson also) {
    Bson unfinished = Filters.in("status", unfinishedStatuses);
    return Flux.from(jobs.find(also == null ? unfinished : Filters.and(unfinished, also)));
  }

  /** QUEUED → RUNNING at {@code now}; false when the job was not QUEUED. */
  public Mono<Boolean> start(String id, Instant now) {
    return Mono.from(jobs.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("status", QUEUED)),
            Updates.combine(Updates.set("status", RUNNING), Updates.set("startedAt", Date.from(now)))))
        .map(r -> r.getModifiedCount() > 0);
  }

  /**
   * An unfinished job ends in {@code status} at {@code now}, with {@code more} updates applied
   * too; false when it had already ended (it keeps its status).
   */
  public Mono<Boolean> finish(String id, String status, Instant now, Bson... more) {
    List<Bson> updates = new ArrayList<>(List.of(Updates.set("status", status),
        Updates.set("finishedAt", MongoValues.date(now))));
    updates.addAll(List.of(more));
    return Mono.from(jobs.updateOne(Filters.and(Filters.eq("_id", id), Filters.in("status", unfinishedStatuses)),
            Updates.combine(updates)))
        .map(r -> r.getModifiedCount() > 0);
  }

  /** An unfinished job FAILED for {@code reason}; false when it had already ended. */
  public Mono<Boolean> fail(String id, String reason, Instant now) {
    return finish(id, FAILED, now, Updates.set("failureReason", reason));
  }
}
