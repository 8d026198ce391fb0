package io.contactsplatform.contactservice.dncview;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class DncStateTest {

  private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

  private static Document entry(String scope, String campaign, String source, Instant expires, Instant removed) {
    return new Document("scope", scope).append("campaignId", campaign).append("source", source)
        .append("expiresAt", expires == null ? null : Date.from(expires))
        .append("removedAt", removed == null ? null : Date.from(removed));
  }

  @Test
  void shouldBlockUntilTheLastWorkspaceEntryExpires() {
    DncState state = DncState.of(List.of(
        entry("WORKSPACE", null, "MANUAL", NOW.plusSeconds(60), null),
        entry("WORKSPACE", null, "IMPORT", NOW.plusSeconds(3600), null),
        entry("CAMPAIGN", "c1", "CALL_OPT_OUT", null, null),
        entry("WORKSPACE", null, "COMPLIANCE_FEED", null, NOW.minusSeconds(5))), NOW);

    assertThat(state.blocked()).isTrue();
    assertThat(state.blockedUntil()).isEqualTo(NOW.plusSeconds(3600));
    assertThat(state.view(NOW)).isEqualTo(new DncView(true, List.of("MANUAL", "IMPORT", "CALL_OPT_OUT"), List.of("c1")));
    assertThat(state.view(NOW.plusSeconds(120))).isEqualTo(new DncView(true, List.of("IMPORT", "CALL_OPT_OUT"), List.of("c1")));
    assertThat(state.view(NOW.plusSeconds(7200))).isEqualTo(new DncView(false, List.of("CALL_OPT_OUT"), List.of("c1")));
  }

  @Test
  void shouldBlockForeverWithAnEntryWithoutExpiryAndSurviveTheStore() {
    DncState state = DncState.of(List.of(entry("WORKSPACE", null, "MANUAL", NOW.plusSeconds(60), null),
        entry("WORKSPACE", null, "NATIONAL_REGISTRY", null, null)), NOW);

    assertThat(state.blockedUntil()).isNull();
    assertThat(DncState.fromDocument(state.toDocument())).isEqualTo(state);
    assertThat(DncState.of(List.of(), NOW)).isEqualTo(DncState.NONE);
  }
}
