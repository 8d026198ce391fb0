package io.contactsplatform.support.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.contactsplatform.support.outbox.OutboxMarkers.Marker;
import io.contactsplatform.testsupport.TestStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Markers opened before a write, closed after it, and swept when left behind. */
class OutboxMarkersTest {

  @Test
  void shouldCloseOnSuccessOrRefusalAndLeaveFailuresToTheSweep() {
    try (TestStore store = TestStore.start()) {
      OutboxMarkers outbox = new OutboxMarkers(store.database("ob_" + System.nanoTime()).getCollection("m"), "ids");

      assertThat(outbox.guard("w", List.of("a"), Mono.just("ok"), e -> false).block()).isEqualTo("ok");
      assertThat(outbox.guard("w", List.of("b"), Mono.empty(), e -> false).blockOptional()).isEmpty();
      Throwable refused = catchThrowable(() -> outbox.guard("w", List.of("c"),
          Mono.error(new IllegalArgumentException("refused")), e -> e instanceof IllegalArgumentException).block());
      assertThat(refused).hasMessage("refused");
      assertThat(outbox.count().block()).isZero();

      Throwable crashed = catchThrowable(() -> outbox.guard("w", List.of("d", "e"),
          Mono.error(new IllegalStateException("broker down")), e -> e instanceof IllegalArgumentException).block());
      assertThat(crashed).hasMessage("broker down");
      assertThat(outbox.count().block()).isOne();

      assertThat(outbox.sweep(Instant.now().minusSeconds(60), 10, m -> Mono.empty()).block())
          .as("too young: left to its writer").isZero();
      List<Marker> completed = new ArrayList<>();
      assertThat(outbox.sweep(Instant.now().plusSeconds(1), 10, m -> Mono.fromRunnable(() -> completed.add(m))).block())
          .isOne();
      assertThat(completed).singleElement().satisfies(m -> {
        assertThat(m.workspaceId()).isEqualTo("w");
        assertThat(m.ids()).containsExactly("d", "e");
      });
      assertThat(outbox.count().block()).isZero();
    }
  }

  @Test
  void shouldKeepOneMarkerWhenReopened() {
    try (TestStore store = TestStore.start()) {
      OutboxMarkers outbox = new OutboxMarkers(store.database("ob_" + System.nanoTime()).getCollection("m"), "phones");
      Instant now = Instant.now();
      outbox.open("t", "w", List.of("+14155550132"), now).block();
      outbox.open("t", "w", List.of("+14155550132"), now).block();
      assertThat(outbox.olderThan(now.plusSeconds(1), 10).collectList().block()).singleElement()
          .satisfies(m -> assertThat(m.ids()).containsExactly("+14155550132"));
    }
  }
}
