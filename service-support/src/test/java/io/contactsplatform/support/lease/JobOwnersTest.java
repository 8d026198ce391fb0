package io.contactsplatform.support.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The owner history's updates, its reading and its one-owner-at-a-time check. */
class JobOwnersTest {

  private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

  @Test
  void shouldAcceptStintsThatFollowEachOther() {
    List<JobOwner> owners = List.of(new JobOwner("a", T, 0, 500, T.plusSeconds(5)),
        new JobOwner("b", T.plusSeconds(40), 500, 1500, T.plusSeconds(60)));

    assertThat(JobOwners.problems(owners, 2000L)).isEmpty();
  }

  @Test
  void shouldNameAStintThatOverlapsTheNextOrLeavesAGap() {
    List<JobOwner> overlapping = List.of(new JobOwner("a", T, 0, 600, T.plusSeconds(45)),
        new JobOwner("b", T.plusSeconds(40), 500, 1500, T.plusSeconds(60)));

    assertThat(JobOwners.problems(overlapping, 2000L)).containsExactly(
        "stint 1 (b) started at 500 but stint 0 (a) ended at 600",
        "stint 0 (a) saved a checkpoint at 2026-12-07T10:00:45Z, after stint 1 (b) claimed the job at 2026-12-07T10:00:40Z");
    assertThat(JobOwners.problems(List.of(new JobOwner("a", T, 0, 10, T)), 11L))
        .containsExactly("the last stint (a) ended at 10, the job at 11");
  }

  @Test
  void shouldReadTheHistoryItsUpdatesWrite() {
    Document pushed = JobOwners.claimed("a", T, 7).toBsonDocument().getDocument("$push").getDocument(JobOwners.FIELD)
        .entrySet().stream().collect(Document::new, (d, e) -> d.append(e.getKey(), e.getValue()), Document::putAll);
    Document job = new Document(JobOwners.FIELD, List.of(new Document("owner", "a").append("claimedAt", Date.from(T))
        .append("from", 7L).append("done", 3L).append("lastCheckpointAt", Date.from(T.plusSeconds(1)))));

    assertThat(pushed.keySet()).containsExactly("owner", "claimedAt", "from", "done", "lastCheckpointAt");
    assertThat(JobOwners.read(job)).containsExactly(new JobOwner("a", T, 7, 3, T.plusSeconds(1)));
    assertThat(JobOwners.lastIndex(job)).isZero();
    assertThat(JobOwners.checkpoint(-1, 5, T)).isEmpty();
    assertThat(JobOwners.checkpoint(2, 5, T)).hasSize(2);
  }
}
