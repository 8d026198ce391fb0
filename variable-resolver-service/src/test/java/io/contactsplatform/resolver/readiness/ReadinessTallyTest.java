package io.contactsplatform.resolver.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.events.call.variables.ResolutionStatus;
import io.contactsplatform.resolver.resolution.AudienceResolution;
import io.contactsplatform.resolver.resolution.Resolution;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadinessTallyTest {

  @Test
  void shouldCountEveryMemberOnceAndKeepOnlyTheFirstSamples() {
    ReadinessTally tally = new ReadinessTally(2);
    for (int i = 0; i < 5; i++) {
      tally.add(outcome("ready-" + i, ResolutionStatus.READY, null, List.of(), false));
    }
    tally.add(outcome("dnc", ResolutionStatus.BLOCKED_DNC, null, List.of(), false));

    ReadinessTally.Result result = tally.result();

    assertThat(result.members()).isEqualTo(6);
    assertThat(result.byStatus().get("READY").count()).isEqualTo(5);
    assertThat(result.byStatus().get("READY").samples()).extracting(ReadinessTally.Sample::contactId)
        .containsExactly("ready-0", "ready-1");
    assertThat(result.byStatus().get("BLOCKED_OUTSIDE_WINDOW").count()).as("always present").isZero();
    assertThat(result.byStatus()).doesNotContainKey("BLOCKED_UNKNOWN_CONTACT");
  }

  @Test
  void shouldGroupOutsideWindowByEarliestCallableHourAndMissingByVariable() {
    ReadinessTally tally = new ReadinessTally(5);
    tally.add(outcome("a", ResolutionStatus.BLOCKED_OUTSIDE_WINDOW, Instant.parse("2026-11-05T13:00:00Z"), List.of("plan"), false));
    tally.add(outcome("b", ResolutionStatus.BLOCKED_OUTSIDE_WINDOW, Instant.parse("2026-11-05T13:59:59Z"), List.of(), true));
    tally.add(outcome("c", ResolutionStatus.BLOCKED_OUTSIDE_WINDOW, Instant.parse("2026-11-05T16:00:00Z"), List.of(), false));
    tally.add(outcome("d", ResolutionStatus.BLOCKED_MISSING_VARIABLES, null, List.of("plan", "first_name"), true));

    ReadinessTally.Result result = tally.result();

    assertThat(result.outsideWindowByHour()).containsExactly(
        Map.entry(Instant.parse("2026-11-05T13:00:00Z"), 2L), Map.entry(Instant.parse("2026-11-05T16:00:00Z"), 1L));
    assertThat(result.missingByVariable()).containsExactly(Map.entry("first_name", 1L), Map.entry("plan", 2L));
    assertThat(result.unknownTimezone().count()).isEqualTo(2);
    assertThat(result.unknownTimezone().samples()).extracting(ReadinessTally.Sample::contactId).containsExactly("b", "d");
  }

  private static AudienceResolution.Outcome outcome(String contactId, ResolutionStatus status, Instant next,
                                                    List<String> missing, boolean unknownZone) {
    return new AudienceResolution.Outcome(new Resolution("readiness", null, "spring", contactId, "+14155550100", status,
        status == ResolutionStatus.READY ? null : "why", next, Map.of(), List.of(), missing, List.of()), unknownZone);
  }
}
