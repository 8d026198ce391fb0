package io.contactsplatform.resolver.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The catch-up rule and its state machine, without Kafka. */
class DncReadinessTest {

  /** A scripted {@link DncOffsets}: end offsets fixed at "startup", committed offsets move. */
  static final class FakeOffsets implements DncOffsets {
    volatile Map<Integer, Long> ends;
    final Map<Integer, Long> committed = new ConcurrentHashMap<>();
    volatile boolean unreachable;
    volatile int endReads;
    volatile boolean closed;

    FakeOffsets(Map<Integer, Long> ends) {
      this.ends = ends;
    }

    @Override
    public Map<Integer, Long> endOffsets() {
      if (unreachable) {
        throw new IllegalStateException("broker unreachable");
      }
      endReads++;
      return ends;
    }

    @Override
    public Map<Integer, Long> committedOffsets() {
      if (unreachable) {
        throw new IllegalStateException("broker unreachable");
      }
      return committed;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void shouldFailClosedUntilDncReadModelCaughtUp() {
    FakeOffsets offsets = new FakeOffsets(Map.of(0, 3L, 1, 0L, 2, 5L));
    DncReadiness readiness = new DncReadiness(offsets, Duration.ofMillis(10));

    assertThat(readiness.isCaughtUp()).as("before the end offsets are known").isFalse();
    readiness.applied(0, 2);
    assertThat(readiness.isCaughtUp()).as("applied records before the startup read prove nothing yet").isFalse();

    readiness.refresh();
    assertThat(readiness.isCaughtUp()).as("partition 2 still behind").isFalse();
    readiness.applied(2, 3);
    assertThat(readiness.isCaughtUp()).as("partition 2 at offset 4 of 5").isFalse();
    readiness.applied(2, 4);
    assertThat(readiness.isCaughtUp()).isTrue();
    assertThat(readiness.details()).containsEntry("caughtUp", true);
  }

  @Test
  void shouldCatchUpFromCommittedOffsetsAlone() {
    FakeOffsets offsets = new FakeOffsets(Map.of(0, 3L, 1, 7L));
    offsets.committed.put(0, 3L);
    DncReadiness readiness = new DncReadiness(offsets, Duration.ofMillis(10));

    readiness.refresh();
    assertThat(readiness.isCaughtUp()).isFalse();

    offsets.committed.put(1, 7L); // e.g. the last record was dead-lettered: committed, never applied
    readiness.refresh();
    assertThat(readiness.isCaughtUp()).isTrue();
  }

  @Test
  void shouldBeCaughtUpImmediatelyOnEmptyTopic() {
    DncReadiness readiness = new DncReadiness(new FakeOffsets(Map.of(0, 0L, 1, 0L, 2, 0L)), Duration.ofMillis(10));
    readiness.refresh();
    assertThat(readiness.isCaughtUp()).isTrue();
  }

  @Test
  void shouldJudgeAgainstStartupEndOffsetsOnly() {
    FakeOffsets offsets = new FakeOffsets(Map.of(0, 2L));
    DncReadiness readiness = new DncReadiness(offsets, Duration.ofMillis(10));
    readiness.refresh();
    offsets.ends = Map.of(0, 100L); // records written after startup do not move the target
    readiness.applied(0, 1);
    readiness.refresh();

    assertThat(readiness.isCaughtUp()).isTrue();
    assertThat(offsets.endReads).isEqualTo(1);
  }

  @Test
  void shouldStayBlockedWhileBrokerIsUnreachable() {
    FakeOffsets offsets = new FakeOffsets(Map.of(0, 0L));
    offsets.unreachable = true;
    DncReadiness readiness = new DncReadiness(offsets, Duration.ofMillis(10));

    readiness.refresh();
    assertThat(readiness.isCaughtUp()).isFalse();
    assertThat(readiness.details()).containsEntry("lastError", "broker unreachable");

    offsets.unreachable = false;
    readiness.refresh();
    assertThat(readiness.isCaughtUp()).isTrue();
  }

  @Test
  void shouldNeverCallNoPartitionsCaughtUp() {
    assertThat(DncCatchUp.caughtUp(Map.of(), Map.of(), Map.of())).isFalse();
    assertThat(DncCatchUp.caughtUp(Map.of(0, 1L), Map.of(), Map.of())).isFalse();
    assertThat(DncCatchUp.caughtUp(Map.of(0, 1L), Map.of(), Map.of(0, 0L))).isTrue();
    assertThat(DncCatchUp.caughtUp(Map.of(0, 5L), Map.of(0, 5L), Map.of(0, 1L))).isTrue();
  }

  @Test
  void shouldPollInBackgroundUntilCaughtUpThenReleaseTheClient() {
    FakeOffsets offsets = new FakeOffsets(Map.of(0, 1L));
    DncReadiness readiness = new DncReadiness(offsets, Duration.ofMillis(10));
    readiness.start();
    try {
      offsets.committed.put(0, 1L);
      await().atMost(Duration.ofSeconds(5)).until(() -> readiness.isCaughtUp() && offsets.closed);
    } finally {
      readiness.stop();
    }
  }

  @Test
  void shouldTreatRemovedAndExpiredEntriesAsInactive() {
    Instant now = Instant.parse("2026-11-04T16:00:00Z");
    DncEntry active = new DncEntry("e1", DncEntry.CAMPAIGN, "c1", "MANUAL", "asked", now.minusSeconds(60), null, null);
    DncEntry expired = new DncEntry("e2", DncEntry.WORKSPACE, null, "IMPORT", "old", now.minusSeconds(60), now, null);
    DncEntry removed = new DncEntry("e3", DncEntry.WORKSPACE, null, "MANUAL", "x", now.minusSeconds(60), null, now);

    assertThat(active.blocks("c1", now)).isTrue();
    assertThat(active.blocks("c2", now)).isFalse();
    assertThat(expired.blocks("c1", now)).isFalse();
    assertThat(expired.blocks("c1", now.minusSeconds(1))).isTrue();
    assertThat(removed.blocks("c1", now)).isFalse();
  }
}
