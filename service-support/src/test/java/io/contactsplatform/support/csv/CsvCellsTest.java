package io.contactsplatform.support.csv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvCellsTest {

  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(delimiterString = " => ", quoteCharacter = '`', nullValues = "NULL", value = {
      // formulas and formula-like starts get a leading apostrophe
      "=1+1 => '=1+1",
      "=HYPERLINK(\"http://x\") => '=HYPERLINK(\"http://x\")",
      "+cmd|' /C calc'!A0 => NULL",
      "@SUM(A1) => '@SUM(A1)",
      "-2+3 => '-2+3",
      "-A1 => '-A1",
      "- => '-",
      "-5. => '-5.",
      "+ => '+",
      "+ ( ) - => '+ ( ) -",
      "+1+1 => '+1+1",
      "+1*2 => '+1*2",
      "+14155550132x => '+14155550132x",
      "+SUM(1) => '+SUM(1)",
      // phone numbers: + then digits and separators only
      "+14155550132 => +14155550132",
      "+1 (415) 555-0132 => +1 (415) 555-0132",
      "+44 20.7946.0958 => +44 20.7946.0958",
      // plain numbers evaluate to themselves
      "-5 => -5",
      "-2.5 => -2.5",
      // everything else is untouched
      "Ada => Ada",
      "a=b => a=b",
      "14155550132 => 14155550132",
  })
  void shouldPrefixCellsASpreadsheetWouldEvaluateAndLeavePhoneNumbersAndPlainNumbersAlone(String cell, String expected) {
    if (expected == null) {
      expected = "'" + cell;
    }
    assertThat(CsvCells.neutralise(cell)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "control character {0}")
  @CsvSource({"9", "13"})
  void shouldPrefixCellsStartingWithTabOrCarriageReturn(int control) {
    String cell = (char) control + "=1+1";
    assertThat(CsvCells.neutralise(cell)).isEqualTo("'" + cell);
  }

  @ParameterizedTest
  @CsvSource(nullValues = "NULL", value = {"NULL", "''"})
  void shouldWriteNullAndEmptyAsTheEmptyCell(String cell) {
    assertThat(CsvCells.neutralise(cell)).isEmpty();
  }
}
