package io.contactsplatform.support.csv;

/**
 * The one formula-injection rule for every CSV the platform writes (contacts export, import
 * error reports): a cell a spreadsheet would evaluate, one starting with {@code =}, {@code +},
 * {@code -}, {@code @}, a tab or a carriage return, gets a leading {@code '} (OWASP "CSV
 * injection"). Two shapes are left alone because they evaluate to themselves and must survive an
 * export/import round trip: a phone number, {@code +} followed only by digits and phone
 * separators (spaces, dashes, dots, parentheses) with at least one digit, such as
 * {@code +1 (415) 555-0132}; and a plain number such as {@code -5} or {@code -2.5}. A single pass
 * over the characters, no regular expression.
 *
 * <p>Limit: spreadsheets that treat other leading characters (full-width {@code ＝}, for example)
 * as formula starts are not covered.
 */
public final class CsvCells {

  private CsvCells() {
  }

  /** The cell as it should be written; {@code null} becomes the empty cell. */
  public static String neutralise(String cell) {
    if (cell == null || cell.isEmpty()) {
      return "";
    }
    char first = cell.charAt(0);
    boolean risky = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
    if (!risky) {
      return cell;
    }
    if (first == '+' && isPhoneNumber(cell) || first == '-' && isPlainNumber(cell)) {
      return cell;
    }
    return "'" + cell;
  }

  /** {@code +} then only digits, spaces, dashes, dots and parentheses, with at least one digit. */
  static boolean isPhoneNumber(String cell) {
    boolean digit = false;
    for (int i = 1; i < cell.length(); i++) {
      char c = cell.charAt(i);
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
        return false;
      }
    }
    return digit;
  }

  /** {@code -} then digits, optionally one {@code .} followed by digits. */
  static boolean isPlainNumber(String cell) {
    int i = 1;
    int digits = 0;
    while (i < cell.length() && cell.charAt(i) >= '0' && cell.charAt(i) <= '9') {
      i++;
      digits++;
    }
    if (digits == 0) {
      return false;
    }
    if (i == cell.length()) {
      return true;
    }
    if (cell.charAt(i) != '.') {
      return false;
    }
    i++;
    int fraction = 0;
    while (i < cell.length() && cell.charAt(i) >= '0' && cell.charAt(i) <= '9') {
      i++;
      fraction++;
    }
    return fraction > 0 && i == cell.length();
  }
}
