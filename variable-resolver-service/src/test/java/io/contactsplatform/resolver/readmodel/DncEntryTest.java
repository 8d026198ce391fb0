package io.contactsplatform.resolver.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.support.dnc.DncRule;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The resolver's DNC entries block by the shared {@link DncRule}. */
class DncEntryTest {

  private static final Instant NOW = Instant.parse("2026-11-04T15:00:00Z");

  @Test
  void shouldAgreeWithTheSharedRule() {
    List<DncEntry> entries = List.of(
        new DncEntry("WORKSPACE", null, "MANUAL", null, NOW, null, null),
        new DncEntry("WORKSPACE", null, "MANUAL", null, NOW, NOW.minusSeconds(1), null),
        new DncEntry("WORKSPACE", null, "MANUAL", null, NOW, NOW, null),
        new DncEntry("WORKSPACE", null, "MANUAL", null, NOW, NOW.plusSeconds(60), null),
        new DncEntry("WORKSPACE", null, "MANUAL", null, NOW, null, NOW),
        new DncEntry("CAMPAIGN", "a", "CALL_OPT_OUT", null, NOW, null, null),
        new DncEntry("CAMPAIGN", "a", "CALL_OPT_OUT", null, NOW, NOW.plusSeconds(60), null),
        new DncEntry("CAMPAIGN", null, "CALL_OPT_OUT", null, NOW, null, null));
    int blocking = 0;
    for (DncEntry e : entries) {
      for (Instant at : List.of(NOW.minusSeconds(10), NOW, NOW.plusSeconds(120))) {
        assertThat(e.isActiveAt(at)).as(e + " at " + at).isEqualTo(DncRule.active(e.removedAt(), e.expiresAt(), at));
        for (String campaign : Arrays.asList(null, "a", "b")) {
          boolean blocks = e.blocks(campaign, at);
          assertThat(blocks).as(e + " for " + campaign + " at " + at).isEqualTo(
              DncRule.blocks(e.scope(), e.campaignId(), e.removedAt(), e.expiresAt(), campaign, at));
          blocking += blocks ? 1 : 0;
        }
      }
    }
    assertThat(blocking).isPositive();
  }
}
