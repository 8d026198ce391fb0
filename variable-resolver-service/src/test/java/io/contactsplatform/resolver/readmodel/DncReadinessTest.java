package io.contactsplatform.resolver.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The catch-up rule and the lag bound, without Kafka, on a hand-driven monotonic clock. */
class DncReadinessTest {

  static final DncReadinessProperties TWO_SECONDS = new DncReadinessProperties(Duration.ofMillis(100),
      Duration.ofSeconds(2));

  /** A scripted {@link DncOffsets}: end and committed offsets move when the test says. */
  static final class FakeOffsets implements DncOffsets {
    final Map<Integer, Long> ends = new ConcurrentHashMap<>();
    final Map<Integer, Long> committed = new ConcurrentHashMap<>();
    volatile boolean unreachable;
    volatile boolean closed;

    FakeOffsets(Map<Integer, Long> ends) {
      this.ends.putAll(ends);
    }

    @Override
    public Map<Integer, Long> endOffsets() {
      if (unreachable) {
        throw new IllegalStateException("broker unreachable");
      }
      return Map.copyOf(ends);
    }

    @Override
    public Map<Integer, Long> committedOffsets() {
      if (unreachable) {
        throw new IllegalStateException("broker unreachable");
      }
      return Map.copyOf(committed);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  DncReadiness readiness(FakeOffsets offsets) {
    return new DncReadiness(offsets, TWO_SECONDS, nanos::get);
  }

  void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  @Test
  void shouldFailClosedUntilStartupEndOffsetsAreReached() {
    FakeOffsets offsets = new FakeOffsets(Map.of(0, 3L, 1, 0L, 2, 5L));
    DncReadiness readiness = readiness(offsets);

    assertThat(readiness.uncertainty()).as("before the end offsets are known").isEqualTo(DncReadiness.NOT_LOADED);
    readiness.applied(0, 2);
    assertThat(readiness.isCaughtUp()).as("applied records before the first sample prove nothing yet").isFalse();

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
    DncReadiness readiness = readiness(offsets);

    readiness.refresh();
    assertThat(readiness.isCaughtUp()).isFalse();

    offsets.committed.put(1, 7L); // e.g. the last record was dead-lettered: committed, never applied
    readiness.refresh();
    assertThat(readiness.isCaughtUp()).isTrue();
  }

  @Test
  void shouldBeCaughtUpImmediatelyOnEmptyTopic() {
    DncReadiness readiness = readiness(new FakeOffsets(Map.of(0, 0L, 1, 0L, 2, 0L)));
    readiness.refresh();
    assertThat(readiness.isCaughtUp()).isTrue();
  }

  @Test
  void shouldBlockOnceNewChangesStayUnappliedLongerThanTheBound() {
    FakeOffsets offsets = new FakeOffsets(Map.of(0, 1L));
    DncReadiness readiness = readiness(offsets);
    readiness.applied(0, 0);
    readiness.refresh();
    assertThat(readiness.isCaughtUp()).isTrue();

    offsets.ends.put(0, 2L); // a DNC change arrives, and the consumer does not apply it
    for (int i = 0; i < 19; i++) {
      advance(Duration.ofMillis(100));
      readiness.refresh();
    }
    assertThat(readiness.isCaughtUp()).as("1.9 s behind, bound 2 s").isTrue();
    advance(Duration.ofMillis(200));
    readiness.refresh();
    assertThat(readiness.isCaughtUp()).as("2.1 s behind").isFalse();
    assertThat(readiness.uncertainty()).contains("DNC state may be stale").contains("bound 2000 ms");

    readiness.applied(0, 1);
    assertThat(readiness.isCaughtUp()).as("the change is applied: fresh as of the latest sample").isTrue();
  }

  @Test
  void shouldStayFreshWhileSamplesKeepBeingReached() {
    FakeOffsets offsets = new FakeOffsets(Map.of(0, 0L));
    DncReadiness readiness = readiness(offsets);
    for (long offset = 0; offset < 50; offset++) {
      offsets.ends.put(0, offset + 1);
      readiness.refresh();
      advance(Duration.ofMillis(300));
      readiness.applied(0, offset);
      assertThat(readiness.isCaughtUp()).as("after %d changes", offset + 1).isTrue();
    }
  }

  @Test
  void shouldBlockWhenTheBrokerCannotBeAskedForLongerThanTheBound() {
    FakeOffsets offsets = new FakeOffsets(Map.of(0, 0L));
    DncReadiness readiness = readiness(offsets);
    readiness.refresh();
    assertThat(readiness.isCaughtUp()).isTrue();

    offsets.unreachable = true;
    advance(Duration.ofMillis(1500));
    readiness.refresh();
    assertThat(readiness.isCaughtUp()).isTrue();
    advance(Duration.ofMillis(600));
    readiness.refresh();
    assertThat(readiness.isCaughtUp()).isFalse();
    assertThat(readiness.details()).containsEntry("lastError", "broker unreachable");

    offsets.unreachable = false;
    readiness.refresh();
    assertThat(readiness.isCaughtUp()).isTrue();
  }

  @Test
  void shouldRejectABoundNotLongerThanThePollInterval() {
    assertThatThrownBy(() -> new DncReadinessProperties(Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldNeverCallNoPartitionsCaughtUp() {
    assertThat(DncCatchUp.caughtUp(Map.of(), Map.of(), Map.of())).isFalse();
    assertThat(DncCatchUp.caughtUp(Map.of(0, 1L), Map.of(), Map.of())).isFalse();
    assertThat(DncCatchUp.caughtUp(Map.of(0, 1L), Map.of(), Map.of(0, 0L))).isTrue();
    assertThat(DncCatchUp.caughtUp(Map.of(0, 5L), Map.of(0, 5L), Map.of(0, 1L))).isTrue();
  }

  @Test
  void shouldKeepPollingInBackgroundAndReleaseTheClientOnStop() {
    FakeOffsets offsets = new FakeOffsets(Map.of(0, 1L));
    DncReadiness readiness = new DncReadiness(offsets, TWO_SECONDS);
    readiness.start();
    try {
      offsets.committed.put(0, 1L);
      await().atMost(Duration.ofSeconds(5)).until(readiness::isCaughtUp);
      offsets.ends.put(0, 2L);
      offsets.committed.put(0, 2L);
      await().atMost(Duration.ofSeconds(5)).until(() ->
          ((Map<?, ?>) readiness.details().get("partitions")).toString().contains("endOffset=2"));
    } finally {
      readiness.stop();
    }
    assertThat(offsets.closed).isTrue();
  }

  @Test
  void shouldTreatRemovedAndExpiredEntriesAsInactive() {
    Instant now = Instant.parse("2026-11-04T16:00:00Z");
    DncEntry active = new DncEntry(DncEntry.CAMPAIGN, "c1", "MANUAL", "asked", now.minusSeconds(60), null, null);
    DncEntry expired = new DncEntry(DncEntry.WORKSPACE, null, "IMPORT", "old", now.minusSeconds(60), now, null);
    DncEntry removed = new DncEntry(DncEntry.WORKSPACE, null, "MANUAL", "x", now.minusSeconds(60), null, now);

    assertThat(active.blocks("c1", now)).isTrue();
    assertThat(active.blocks("c2", now)).isFalse();
    assertThat(expired.blocks("c1", now)).isFalse();
    assertThat(expired.blocks("c1", now.minusSeconds(1))).isTrue();
    assertThat(removed.blocks("c1", now)).isFalse();
  }
}
