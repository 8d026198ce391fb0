package io.contactsplatform.dncservice.dnc;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.dncservice.dnc.DncEntry.Scope;
import io.contactsplatform.dncservice.dnc.DncEntry.Source;
import io.contactsplatform.testsupport.TestStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DncStore's queries against mongo-java-server. */
class DncStoreTest {

  static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
  static final String WS = "ws";

  TestStore mongo = TestStore.start();
  DncStore store = new DncStore(mongo.database("dnc"));

  @AfterEach
  void stop() {
    mongo.close();
  }

  @Test
  void shouldAnswerOnlyRegistryEntriesCreatedBeforeTheReplaceStartedAndNotRemoved() {
    save("+14155550001", Source.NATIONAL_REGISTRY, T0.minusSeconds(60), false);
    save("+14155550002", Source.NATIONAL_REGISTRY, T0, false);
    save("+14155550003", Source.NATIONAL_REGISTRY, T0.plusSeconds(5), false);
    save("+14155550004", Source.NATIONAL_REGISTRY, T0.minusSeconds(60), true);
    save("+14155550005", Source.MANUAL, T0.minusSeconds(60), false);

    assertThat(store.withEntriesOf(WS, Scope.WORKSPACE, null, Source.NATIONAL_REGISTRY, T0)
        .map(DncNumber::phoneE164).collectList().block(Duration.ofSeconds(10)))
        .containsExactly("+14155550001");
  }

  private void save(String phone, Source source, Instant createdAt, boolean removed) {
    DncNumber number = DncNumber.empty(WS, phone).add(
        EntrySpec.of(Scope.WORKSPACE, null, source, "listed", "registry", null, createdAt), "e-" + phone, null,
        createdAt).number();
    if (removed) {
      number = number.removeEntry("e-" + phone, Removal.byAuthority(Source.NATIONAL_REGISTRY, "registry", "delisted"),
          null, createdAt.plusSeconds(1)).number();
    }
    assertThat(store.save(number, 0).block(Duration.ofSeconds(10))).isTrue();
  }
}
