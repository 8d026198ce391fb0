package io.contactsplatform.resolver.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.support.web.ApiException;
import io.contactsplatform.testsupport.TestStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Versioned saves against the embedded store: crash between the two writes, documents from before versions, races. */
class CampaignEditorTest {

  static final Instant NOW = Instant.parse("2026-11-04T16:00:00Z");

  TestStore store;
  MongoDatabase database;
  CampaignStore heads;
  CampaignVersionStore versions;
  CampaignEditor editor;

  @BeforeEach
  void start() {
    store = TestStore.start();
    database = store.database("resolver");
    heads = new CampaignStore(database);
    versions = new CampaignVersionStore(database);
    CustomFieldCatalog noCustomFields = authorization -> Mono.just(Set.of());
    editor = new CampaignEditor(heads, versions, noCustomFields, Clock.fixed(NOW, ZoneOffset.UTC),
        JsonMapper.builder().build());
  }

  @AfterEach
  void stop() {
    store.close();
  }

  @Test
  void shouldRecoverTheVersionDocumentOfASaveThatStoppedAfterMovingTheHead() {
    put(null, "v1");
    VersionedConfig head = heads.head("ws", "spring").block();
    // a save that moved the head to 2 and stopped before writing version 2's document
    VersionedConfig two = new VersionedConfig(config("v2"), 2, "crashed", "static ~offer");
    assertThat(heads.compareAndSet(head, two).block()).isTrue();
    assertThat(versions.find("ws", "spring", 2).blockOptional()).isEmpty();

    assertThat(editor.version("ws", "spring", 2).block().config().staticVariables()).as("read from the head")
        .containsEntry("offer", "v2");
    put(2L, "v3");

    assertThat(versions.find("ws", "spring", 2).block().actor()).as("filled in before the head moved on")
        .isEqualTo("crashed");
    assertThat(editor.history("ws", "spring", null, null).block().items())
        .extracting(CampaignEditor.VersionEntry::version).containsExactly(3L, 2L, 1L);
  }

  @Test
  void shouldReadAConfigSavedBeforeVersionsExistedAsVersionOneAndKeepItInTheHistory() {
    Mono.from(database.getCollection("campaigns").insertOne(new Document("_id", "ws|old")
        .append("workspaceId", "ws").append("campaignId", "old")
        .append("staticVariables", List.of(new Document("name", "offer").append("value", "legacy")))
        .append("variables", List.of()).append("updatedAt", Date.from(NOW.minusSeconds(86400))))).block();

    assertThat(editor.current("ws", "old").block().version()).isEqualTo(1);
    assertThatThrownBy(() -> replace("old", 2L, "x")).isInstanceOf(ApiException.class)
        .hasMessageContaining("is at version 1");
    replace("old", 1L, "new");

    assertThat(editor.history("ws", "old", null, null).block().items())
        .extracting(CampaignEditor.VersionEntry::version).containsExactly(2L, 1L);
    assertThat(editor.version("ws", "old", 1).block().config().staticVariables()).containsEntry("offer", "legacy");
    assertThat(heads.find("ws", "old").block().staticVariables()).as("the call path").containsEntry("offer", "new");
  }

  @Test
  void shouldApplyConcurrentUnversionedPatchesOneAfterTheOtherAndRefuseConcurrentVersionedOnes() {
    put(null, "v1");
    List<CampaignEditor.Saved> patched = Mono.zip(
        editor.patch("ws", "spring", "k", Map.of("staticVariables", Map.of("a", "1")), CampaignConfigRules.CONFIG,
            null, "one"),
        editor.patch("ws", "spring", "k", Map.of("staticVariables", Map.of("b", "2")), CampaignConfigRules.CONFIG,
            null, "two"),
        (x, y) -> List.of(x, y)).block();
    assertThat(patched).extracting(s -> s.config().version()).containsExactlyInAnyOrder(2L, 3L);
    assertThat(editor.current("ws", "spring").block().config().staticVariables())
        .containsEntry("a", "1").containsEntry("b", "2").containsEntry("offer", "v1");

    List<String> outcomes = Mono.zip(
        editor.patch("ws", "spring", "k", Map.of("staticVariables", Map.of("c", "3")), CampaignConfigRules.CONFIG,
            3L, "one").map(s -> "saved").onErrorResume(ApiException.class, e -> Mono.just("409")),
        editor.patch("ws", "spring", "k", Map.of("staticVariables", Map.of("d", "4")), CampaignConfigRules.CONFIG,
            3L, "two").map(s -> "saved").onErrorResume(ApiException.class, e -> Mono.just("409")),
        (x, y) -> List.of(x, y)).block();
    assertThat(outcomes).containsExactlyInAnyOrder("saved", "409");
    assertThat(editor.current("ws", "spring").block().version()).isEqualTo(4);
  }

  private void put(Long expected, String offer) {
    replace("spring", expected, offer);
  }

  private void replace(String campaign, Long expected, String offer) {
    editor.replace("ws", campaign, "k", new CampaignConfigRequest(null, Map.of("offer", offer), null, null, null, null),
        CampaignConfigRules.CONFIG, expected, null).block();
  }

  private static CampaignConfig config(String offer) {
    return new CampaignConfig("ws", "spring", false, Map.of("offer", offer), List.of(), null, NOW);
  }
}
