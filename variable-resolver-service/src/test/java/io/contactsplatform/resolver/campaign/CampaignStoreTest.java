package io.contactsplatform.resolver.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.testsupport.TestStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Campaign configs as two resolver instances on one store see them, on a clock the test moves. */
class CampaignStoreTest {

  TestStore store;
  MongoDatabase database;
  AtomicLong now = new AtomicLong();

  @BeforeEach
  void start() {
    store = TestStore.start();
    database = store.database("resolver");
  }

  @AfterEach
  void stop() {
    store.close();
  }

  @Test
  void shouldServeAnOlderConfigWhileOneBackgroundReadBringsInAChangeMadeElsewhere() {
    CampaignStore here = new CampaignStore(database, now::get);
    CampaignStore elsewhere = new CampaignStore(database, now::get);
    save(elsewhere, config("v1"));
    assertThat(offer(here)).isEqualTo("v1");

    save(elsewhere, config("v2"));
    assertThat(offer(here)).as("fresh for a second").isEqualTo("v1");

    advance(CampaignStore.CACHE_FOR.plusMillis(1));
    assertThat(offer(here)).as("older, served while it is refreshed").isEqualTo("v1");
    awaitOffer(here, "v2");
  }

  @Test
  void shouldWaitForTheStoreOnceTheConfigInMemoryIsTooOld() {
    CampaignStore here = new CampaignStore(database, now::get);
    CampaignStore elsewhere = new CampaignStore(database, now::get);
    save(elsewhere, config("v1"));
    assertThat(offer(here)).isEqualTo("v1");

    save(elsewhere, config("v2"));
    advance(CampaignStore.SERVE_STALE_FOR);

    assertThat(offer(here)).isEqualTo("v2");
  }

  @Test
  void shouldFailOnceTheStoreHasBeenUnreadableForLongerThanItMayServeAnOlderConfig() {
    CampaignStore here = new CampaignStore(database, now::get);
    save(new CampaignStore(database, now::get), config("v1"));
    assertThat(offer(here)).isEqualTo("v1");
    store.stopServer();

    advance(CampaignStore.CACHE_FOR.plusMillis(1));
    assertThat(offer(here)).as("store down, still within the stale window").isEqualTo("v1");

    advance(CampaignStore.SERVE_STALE_FOR);
    assertThatThrownBy(() -> offer(here)).as("store down for too long: the call must fail (BLOCKED_OTHER)")
        .isInstanceOf(RuntimeException.class);
  }

  /** A save as the editor makes it: the next version over the current head. */
  private static void save(CampaignStore store, CampaignConfig config) {
    VersionedConfig head = store.head(config.workspaceId(), config.campaignId()).block();
    VersionedConfig next = new VersionedConfig(config, head == null ? 1 : head.version() + 1, "test", "test");
    assertThat(store.compareAndSet(head, next).block()).isTrue();
  }

  @Test
  void shouldMoveTheHeadOnlyFromTheVersionAnEditWasBasedOn() {
    CampaignStore here = new CampaignStore(database, now::get);
    save(here, config("v1"));
    VersionedConfig first = here.head("ws", "spring").block();
    save(here, config("v2"));

    VersionedConfig stale = new VersionedConfig(config("lost"), 2, "late", "late");
    assertThat(here.compareAndSet(first, stale).block()).as("based on version 1, head is at 2").isFalse();
    assertThat(here.compareAndSet(null, stale).block()).as("a create over an existing head").isFalse();
    VersionedConfig head = here.head("ws", "spring").block();
    assertThat(head.version()).isEqualTo(2);
    assertThat(head.config().staticVariables()).containsEntry("offer", "v2");
    assertThat(here.head("other-ws", "spring").blockOptional()).as("another workspace").isEmpty();
  }

  private void advance(Duration by) {
    now.addAndGet(by.toNanos());
  }

  private static String offer(CampaignStore store) {
    return store.find("ws", "spring").block(Duration.ofSeconds(10)).staticVariables().get("offer");
  }

  private static void awaitOffer(CampaignStore store, String expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String seen = offer(store);
    while (!expected.equals(seen) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      seen = offer(store);
    }
    assertThat(seen).isEqualTo(expected);
  }

  private static CampaignConfig config(String offer) {
    return new CampaignConfig("ws", "spring", false, Map.of("offer", offer), List.of(), null, Instant.now());
  }
}
