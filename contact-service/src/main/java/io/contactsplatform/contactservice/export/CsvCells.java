package io.contactsplatform.contactservice.export;

import java.util.regex.Pattern;

/**
 * Makes a cell safe to open in a spreadsheet: text starting with {@code = + - @}, a tab or a
 * carriage return would run as a formula, so it gets a leading apostrophe (OWASP "CSV
 * injection"). Plain numbers ({@code -5}, {@code +14155550132}) are left alone: they evaluate to
 * themselves.
 */
final class CsvCells {

  private static final Pattern PLAIN_NUMBER = Pattern.compile("^[+-]?[0-9]+(\\.[0-9]+)?$");

  private CsvCells() {
  }

  static String neutralise(String cell) {
    if (cell == null || cell.isEmpty()) {
      return cell == null ? "" : cell;
    }
    char first = cell.charAt(0);
    boolean risky = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
    return risky && !PLAIN_NUMBER.matcher(cell).matches() ? "'" + cell : cell;
  }
}
