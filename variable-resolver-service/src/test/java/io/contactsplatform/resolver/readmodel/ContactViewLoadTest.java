package io.contactsplatform.resolver.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContactViewLoadTest {

  static DncOffsets offsets(Map<Integer, Long> ends, Map<Integer, Long> committed) {
    return new DncOffsets() {
      @Override
      public Map<Integer, Long> endOffsets() {
        return ends;
      }

      @Override
      public Map<Integer, Long> committedOffsets() {
        return committed;
      }
    };
  }

  @Test
  void shouldBeLoadedOnlyOnceEveryTopicIsAppliedUpToItsEndAtStartup() {
    ContactViewLoad load = new ContactViewLoad(Map.of(
        "contact-changes", offsets(Map.of(0, 2L, 1, 0L), Map.of()),
        "audience-rows", offsets(Map.of(0, 1L), Map.of())), Duration.ofSeconds(1));
    load.refresh();
    assertThat(load.isLoaded()).isFalse();

    load.applied("contact-changes", 0, 1);
    assertThat(load.isLoaded()).isFalse();

    load.applied("audience-rows", 0, 0);
    assertThat(load.isLoaded()).isTrue();
  }

  @Test
  void shouldCountCommittedOffsetsForRecordsThatWereDeadLettered() {
    ContactViewLoad load = new ContactViewLoad(Map.of("contact-changes", offsets(Map.of(0, 5L), Map.of(0, 5L))),
        Duration.ofSeconds(1));

    load.refresh();

    assertThat(load.isLoaded()).isTrue();
  }

  @Test
  void shouldNotBeLoadedBeforeTheEndOffsetsAreKnown() {
    ContactViewLoad load = new ContactViewLoad(Map.of("contact-changes", offsets(Map.of(0, 1L), Map.of())),
        Duration.ofSeconds(1));

    load.applied("contact-changes", 0, 0);

    assertThat(load.isLoaded()).isFalse();
  }
}
