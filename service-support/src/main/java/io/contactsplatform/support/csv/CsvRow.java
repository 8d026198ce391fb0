package io.contactsplatform.support.csv;

import java.util.List;

/**
 * One data record of an uploaded file: its 1-based data row number, the file line it starts on
 * (0 when unknown), its cells, and why it is malformed ({@code null} when it is not).
 */
public record CsvRow(long rowNumber, long line, List<String> fields, String malformed) {

  public CsvRow {
    fields = List.copyOf(fields);
  }
}
