package io.contactsplatform.contactservice.dncview;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.contactsplatform.testsupport.TestStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

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

  @Test
  void shouldFilterOnTheSameRuleTheViewShows() {
    List<List<Document>> numbers = List.of(
        List.of(entry("WORKSPACE", null, "MANUAL", null, null)),
        List.of(entry("WORKSPACE", null, "MANUAL", NOW.plusSeconds(60), null)),
        List.of(entry("CAMPAIGN", "c1", "CALL_OPT_OUT", null, null)),
        List.of(entry("CAMPAIGN", "c1", "CALL_OPT_OUT", null, null), entry("WORKSPACE", null, "IMPORT",
            NOW.plusSeconds(3600), null)),
        List.of(entry("WORKSPACE", null, "COMPLIANCE_FEED", null, NOW.minusSeconds(5))),
        List.of());
    List<Instant> times = List.of(NOW, NOW.plusSeconds(60), NOW.plusSeconds(120), NOW.plusSeconds(7200));
    try (TestStore store = TestStore.start()) {
      MongoCollection<Document> contacts = store.database("dnc_state_" + System.nanoTime()).getCollection("contacts");
      List<DncState> states = new ArrayList<>();
      for (int i = 0; i < numbers.size(); i++) {
        DncState state = DncState.of(numbers.get(i), NOW);
        states.add(state);
        Mono.from(contacts.insertOne(new Document("_id", i).append("dnc", state.toDocument()))).block();
      }
      Mono.from(contacts.insertOne(new Document("_id", numbers.size()))).block();
      for (Instant at : times) {
        List<Integer> shown = new ArrayList<>();
        for (int i = 0; i < states.size(); i++) {
          if (states.get(i).view(at).blocked()) {
            shown.add(i);
          }
        }
        List<Integer> filtered = Flux.from(contacts.find(DncState.blockedQuery(at))).map(d -> d.getInteger("_id"))
            .sort().collectList().block();
        List<Integer> notFiltered = Flux.from(contacts.find(Filters.nor(DncState.blockedQuery(at))))
            .map(d -> d.getInteger("_id")).collectList().block();
        assertThat(filtered).as("blocked at " + at).isEqualTo(shown).isNotEmpty();
        assertThat(notFiltered).as("not blocked at " + at).hasSize(numbers.size() + 1 - shown.size())
            .doesNotContainAnyElementsOf(shown);
      }
    }
  }
}
