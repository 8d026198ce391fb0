package io.contactsplatform.importservice.importjob;

import io.contactsplatform.events.contact.upsert.ContactData;
import java.util.List;
import java.util.Map;

/** What became of one data row: accepted (to be upserted) or rejected (kept in the error report). */
sealed interface RowOutcome {

  long rowNumber();

  long line();

  /** The row's raw cells, in file order. */
  List<String> values();

  /** Findings on the row, their {@code field} being the file's column name. */
  List<RowIssue> issues();

  /**
   * An accepted row: its upsert data, its raw cells by header (only when the import has a
   * campaign, for audience-rows; otherwise empty) and its warnings.
   */
  record Accepted(long rowNumber, long line, ContactData data, Map<String, String> columns, List<RowIssue> issues,
                  List<String> values) implements RowOutcome {
  }

  /** A rejected row: its errors (the first is the code it is counted under) and raw cells. */
  record Rejected(long rowNumber, long line, List<RowIssue> issues, List<String> values) implements RowOutcome {

    String code() {
      return issues.get(0).code();
    }
  }
}
