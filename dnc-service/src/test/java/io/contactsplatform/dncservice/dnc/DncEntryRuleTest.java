package io.contactsplatform.dncservice.dnc;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.dncservice.dnc.DncEntry.Scope;
import io.contactsplatform.dncservice.dnc.DncEntry.Source;
import io.contactsplatform.dncservice.dnc.DncEntry.State;
import io.contactsplatform.support.dnc.DncRule;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** dnc-service's entries are active and block by the shared {@link DncRule}. */
class DncEntryRuleTest {

  private static final Instant NOW = Instant.parse("2026-11-04T15:00:00Z");

  private static DncEntry entry(Scope scope, String campaign, Instant removedAt, Instant expiresAt) {
    return new DncEntry("e", scope, campaign, Source.MANUAL, null, "ops", NOW.minusSeconds(86_400), expiresAt,
        removedAt, removedAt == null ? null : "ops", null, false, null, 1, removedAt == null ? 0 : 2, 0);
  }

  @Test
  void shouldAgreeWithTheSharedRule() {
    List<DncEntry> entries = List.of(entry(Scope.WORKSPACE, null, null, null),
        entry(Scope.WORKSPACE, null, null, NOW.minusSeconds(1)), entry(Scope.WORKSPACE, null, null, NOW),
        entry(Scope.WORKSPACE, null, null, NOW.plusSeconds(60)), entry(Scope.WORKSPACE, null, NOW, null),
        entry(Scope.CAMPAIGN, "a", null, null), entry(Scope.CAMPAIGN, "a", null, NOW.plusSeconds(60)),
        entry(Scope.CAMPAIGN, "b", NOW.minusSeconds(1), null));
    int blocking = 0;
    for (DncEntry e : entries) {
      for (Instant at : List.of(NOW.minusSeconds(10), NOW, NOW.plusSeconds(120))) {
        assertThat(e.activeAt(at)).as(e + " at " + at).isEqualTo(DncRule.active(e.removedAt(), e.expiresAt(), at));
        assertThat(e.state(at) == State.ACTIVE).isEqualTo(e.activeAt(at));
        for (String campaign : Arrays.asList(null, "a", "b")) {
          boolean blocks = e.blocks(campaign, at);
          assertThat(blocks).as(e + " for " + campaign + " at " + at).isEqualTo(
              DncRule.blocks(e.scope().name(), e.campaignId(), e.removedAt(), e.expiresAt(), campaign, at));
          blocking += blocks ? 1 : 0;
        }
      }
    }
    assertThat(blocking).isPositive();
  }

  @Test
  void shouldStopBlockingOnceTheSweepRecordedTheExpiry() {
    DncEntry swept = entry(Scope.WORKSPACE, null, null, NOW.minusSeconds(1)).expired(3);
    assertThat(swept.state(NOW)).isEqualTo(State.EXPIRED);
    assertThat(swept.blocks(null, NOW.minusSeconds(10))).isFalse();
  }
}
