package io.contactsplatform.support.ids;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

  @Test
  void shouldAnswerVersion7IdsWhoseTextSortsInCreationOrder() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      ids.add(TimeOrderedIds.next());
    }
    assertThat(ids).isSorted().doesNotHaveDuplicates();
    assertThat(ids).allSatisfy(id -> assertThat(UUID.fromString(id).version()).isEqualTo(7));
  }

  @Test
  void shouldCarryTheCreationTimeInTheLeadingHexDigits() {
    long before = System.currentTimeMillis();
    String id = TimeOrderedIds.next();
    long after = System.currentTimeMillis();
    long millis = Long.parseLong(id.substring(0, 8) + id.substring(9, 13), 16);
    assertThat(millis).isBetween(before, after);
  }

  @Test
  void shouldStayUniqueAcrossThreads() {
    Set<String> ids = ConcurrentHashMap.newKeySet();
    IntStream.range(0, 8).parallel().forEach(t -> {
      Set<String> mine = new HashSet<>();
      for (int i = 0; i < 20_000; i++) {
        mine.add(TimeOrderedIds.next());
      }
      ids.addAll(mine);
    });
    assertThat(ids).hasSize(160_000);
  }
}
