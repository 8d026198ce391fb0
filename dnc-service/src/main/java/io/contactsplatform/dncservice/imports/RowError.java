package io.contactsplatform.dncservice.imports;

import java.util.List;

/** A rejected row in the error report: data row number, file line (0 when unknown), code, message, raw cells. */
record RowError(long rowNumber, long line, String code, String message, List<String> values) {
}
