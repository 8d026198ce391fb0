package io.contactsplatform.importservice.importjob;

import java.util.List;

/**
 * A rejected row in the error report: its data row number, the file line it starts on (0 when
 * unknown), code, message and the row's raw cells.
 */
record RowError(long rowNumber, long line, String code, String message, List<String> values) {
}
