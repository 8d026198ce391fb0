package io.contactsplatform.contactservice.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsvCellsTest {

  @Test
  void shouldPrefixCellsASpreadsheetWouldRunAsFormulas() {
    assertThat(CsvCells.neutralise("=1+1")).isEqualTo("'=1+1");
    assertThat(CsvCells.neutralise("+cmd|' /C calc'!A0")).isEqualTo("'+cmd|' /C calc'!A0");
    assertThat(CsvCells.neutralise("-2+3")).isEqualTo("'-2+3");
    assertThat(CsvCells.neutralise("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(CsvCells.neutralise("\tx")).isEqualTo("'\tx");
  }

  @Test
  void shouldLeavePlainTextAndNumbersAlone() {
    assertThat(CsvCells.neutralise("Ada")).isEqualTo("Ada");
    assertThat(CsvCells.neutralise("+14155550132")).isEqualTo("+14155550132");
    assertThat(CsvCells.neutralise("-5")).isEqualTo("-5");
    assertThat(CsvCells.neutralise(null)).isEmpty();
  }
}
