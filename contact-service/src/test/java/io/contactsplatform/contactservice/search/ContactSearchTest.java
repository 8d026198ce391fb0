package io.contactsplatform.contactservice.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.contactsplatform.support.web.ApiException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ContactSearchTest {

  @Test
  void shouldTellPhoneLikeTextInOnePassEvenOnHugeInput() {
    assertThat(ContactSearch.looksLikePhone("+1 (415) 555-0132")).isTrue();
    assertThat(ContactSearch.looksLikePhone("415.555")).isTrue();
    assertThat(ContactSearch.looksLikePhone("ada")).isFalse();
    assertThat(ContactSearch.looksLikePhone("+ ( ) -")).as("no digit").isFalse();
    // the backtracking pattern this replaces took 30 s on 64,000 characters (quadratic): hours on these
    String pathological = "1".repeat(1_000_000) + "x";
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      assertThat(ContactSearch.looksLikePhone(pathological)).isFalse();
      assertThat(ContactSearch.looksLikePhone("1".repeat(1_000_000))).isTrue();
    });
  }

  @Test
  void shouldRefuseOverlongOrNulSearchTextNamingSearch() {
    assertThat(ContactSearch.searchTerms("1".repeat(199) + "x")).hasSize(1);
    assertThat(ContactSearch.searchTerms("+1 (415) 555-0132")).hasSize(1);
    assertThat(ContactSearch.searchTerms("ada lovelace")).hasSize(2);
    assertThatThrownBy(() -> ContactSearch.searchTerms("1".repeat(64_000) + "x"))
        .isInstanceOf(ApiException.class).extracting(e -> ((ApiException) e).getBody().getDetail())
        .isEqualTo("search: at most 200 characters (got 64001)");
    assertThatThrownBy(() -> ContactSearch.searchTerms("1\u00002"))
        .isInstanceOf(ApiException.class).extracting(e -> ((ApiException) e).getBody().getDetail())
        .isEqualTo("search: contains a NUL character");
  }
}
