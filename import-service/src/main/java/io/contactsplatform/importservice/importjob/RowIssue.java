package io.contactsplatform.importservice.importjob;

/**
 * One finding on a row: an ERROR rejects the row, a WARNING keeps it and drops the offending
 * value. {@code field} is the mapping target ({@code phone}, {@code email}, {@code cf:plan}, …) or
 * empty for the whole row; the row converter turns it into the file's column name.
 */
public record RowIssue(Severity severity, String field, String code, String message) {

  /** ERROR rejects the row; WARNING keeps it without the offending value. */
  public enum Severity { ERROR, WARNING }

  public static RowIssue error(String field, String code, String message) {
    return new RowIssue(Severity.ERROR, field, code, message);
  }

  public static RowIssue warning(String field, String code, String message) {
    return new RowIssue(Severity.WARNING, field, code, message);
  }

  RowIssue inColumn(String column) {
    return new RowIssue(severity, column, code, message);
  }
}
