package io.contactsplatform.importservice.importjob;

import io.contactsplatform.events.contact.upsert.ContactData;
import java.util.List;
import java.util.Map;

/** What became of one data row: accepted (to be upserted) or rejected (kept in the error report). */
sealed interface RowOutcome {

  long rowNumber();

  /**
   * An accepted row: its upsert data, its raw cells by header (only when the import has a
   * campaign, for audience-rows; otherwise empty) and the warning codes it raised.
   */
  record Accepted(long rowNumber, ContactData data, Map<String, String> columns, List<String> warnings)
      implements RowOutcome {
  }

  /** A rejected row with its code, message and raw cells. */
  record Rejected(long rowNumber, long line, String code, String message, List<String> values)
      implements RowOutcome {
  }
}
