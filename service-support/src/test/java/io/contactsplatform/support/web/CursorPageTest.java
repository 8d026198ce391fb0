package io.contactsplatform.support.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CursorPageTest {

  @Test
  void shouldRoundTripTextsAndPositions() {
    assertThat(CursorPage.decodeCursor(CursorPage.encodeCursor("id-1|é"))).isEqualTo("id-1|é");
    assertThat(CursorPage.decodePosition(CursorPage.encodePosition(42))).isEqualTo(42);
    assertThat(CursorPage.decodePosition(null)).isZero();
    assertThat((Long) CursorPage.decodeCursor(" ", Long::valueOf)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"LTE", "_w", "not a cursor", "YWJj", "%%%"})
  void shouldRefuseBogusPositionCursorsWithInvalidCursor(String cursor) {
    assertThatThrownBy(() -> CursorPage.decodePosition(cursor)).isInstanceOf(ApiException.class)
        .hasMessageContaining("400").satisfies(e -> assertThat(((ApiException) e).getBody().getDetail())
            .isEqualTo(CursorPage.INVALID_CURSOR));
  }

  @Test
  void shouldTurnParserFailuresIntoInvalidCursor() {
    assertThatThrownBy(() -> CursorPage.decodeCursor(CursorPage.encodeCursor("x"), s -> s.split("\\|")[1]))
        .isInstanceOf(ApiException.class).hasMessageContaining("invalid cursor");
  }
}
