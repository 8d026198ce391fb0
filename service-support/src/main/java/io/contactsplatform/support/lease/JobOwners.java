package io.contactsplatform.support.lease;

import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The owner history of a job document (an import, a DNC import, a bulk job): the array
 * {@value #FIELD} gets one {@link JobOwner} entry each time an instance starts or takes over the job
 * under its lease ({@link #claimed}), and each checkpoint the job saves also adds its progress to
 * that entry ({@link #checkpoint}, in the same update as the checkpoint itself). Operators see who
 * ran a job, when it was taken over and from where; {@link #problems} checks the history for the
 * one-owner-at-a-time promise: every stint starts exactly where the previous one's last checkpoint
 * ended (no unit counted twice or skipped) and no stint saved a checkpoint after the next one had
 * claimed the job.
 *
 * <p>Limits: the array grows by one entry per start or takeover (a handful in practice); an owner that
 * dies between a checkpoint's write and its own entry's update cannot exist (one update writes both).
 */
public final class JobOwners {

  /** The field of the job document holding the history. */
  public static final String FIELD = "owners";

  private JobOwners() {
  }

  /** The update that appends a stint: {@code owner} claimed the job at {@code at}, positioned at {@code from}. */
  public static Bson claimed(String owner, Instant at, long from) {
    return Updates.push(FIELD, new Document("owner", owner).append("claimedAt", Date.from(at)).append("from", from)
        .append("done", 0L).append("lastCheckpointAt", null));
  }

  /** The index of the stint just appended by {@link #claimed}, read from the job document after the update. */
  public static int lastIndex(Document job) {
    return job.getList(FIELD, Document.class, List.of()).size() - 1;
  }

  /**
   * The updates that add one checkpoint's progress ({@code done} units, at {@code at}) to stint
   * {@code index}; none when {@code index} is negative (work run without a lease, tests).
   */
  public static List<Bson> checkpoint(int index, long done, Instant at) {
    if (index < 0) {
      return List.of();
    }
    return List.of(Updates.inc(FIELD + "." + index + ".done", done),
        Updates.set(FIELD + "." + index + ".lastCheckpointAt", Date.from(at)));
  }

  /** The history stored in a job document, oldest first (empty for jobs stored before it existed). */
  public static List<JobOwner> read(Document job) {
    List<JobOwner> owners = new ArrayList<>();
    for (Document d : job.getList(FIELD, Document.class, List.of())) {
      Number from = d.get("from", Number.class);
      Number done = d.get("done", Number.class);
      owners.add(new JobOwner(d.getString("owner"), instant(d.getDate("claimedAt")),
          from == null ? 0 : from.longValue(), done == null ? 0 : done.longValue(),
          instant(d.getDate("lastCheckpointAt"))));
    }
    return List.copyOf(owners);
  }

  /**
   * What breaks the one-owner-at-a-time promise in {@code owners}, given the job's final position
   * {@code total} (null: not checked): a stint that does not start where the previous one ended, a
   * checkpoint saved by a stint after the next stint claimed the job, and a last stint that does not
   * end at {@code total}. Empty when the history is consistent. Compares the instances' clocks for the
   * second check (as the leases do).
   */
  public static List<String> problems(List<JobOwner> owners, Long total) {
    List<String> problems = new ArrayList<>();
    for (int i = 1; i < owners.size(); i++) {
      JobOwner before = owners.get(i - 1);
      JobOwner after = owners.get(i);
      if (after.from() != before.from() + before.done()) {
        problems.add("stint " + i + " (" + after.owner() + ") started at " + after.from() + " but stint " + (i - 1)
            + " (" + before.owner() + ") ended at " + (before.from() + before.done()));
      }
      if (before.lastCheckpointAt() != null && before.lastCheckpointAt().isAfter(after.claimedAt())) {
        problems.add("stint " + (i - 1) + " (" + before.owner() + ") saved a checkpoint at " + before.lastCheckpointAt()
            + ", after stint " + i + " (" + after.owner() + ") claimed the job at " + after.claimedAt());
      }
    }
    if (total != null && !owners.isEmpty()) {
      JobOwner last = owners.get(owners.size() - 1);
      if (last.from() + last.done() != total) {
        problems.add("the last stint (" + last.owner() + ") ended at " + (last.from() + last.done())
            + ", the job at " + total);
      }
    }
    return problems;
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
