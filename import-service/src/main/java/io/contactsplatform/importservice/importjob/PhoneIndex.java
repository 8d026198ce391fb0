package io.contactsplatform.importservice.importjob;

import io.contactsplatform.support.csv.CsvRow;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The first pass over a file: every row's packed number ({@link PhoneKeys}, 8 bytes a row) and,
 * for numbers that occur more than once, the row of their last occurrence, so the second pass
 * knows when a group of duplicates is complete. Memory: 8 bytes per row, plus 16 bytes per
 * duplicated number (a sorted copy of the keys, 8 bytes a row, lives only while building).
 */
final class PhoneIndex {

  private final long[] keys;
  private final int rows;
  private final long[] duplicateKeys;
  private final long[] lastRows;

  private PhoneIndex(long[] keys, int rows, long[] duplicateKeys, long[] lastRows) {
    this.keys = keys;
    this.rows = rows;
    this.duplicateKeys = duplicateKeys;
    this.lastRows = lastRows;
  }

  static PhoneIndex build(Iterator<CsvRow> csv, RowConverter converter) {
    long[] keys = new long[1 << 12];
    int rows = 0;
    while (csv.hasNext()) {
      CsvRow row = csv.next();
      if (row.rowNumber() > keys.length) {
        keys = Arrays.copyOf(keys, Math.max(keys.length * 2, (int) row.rowNumber()));
      }
      keys[(int) row.rowNumber() - 1] = converter.phoneKey(row);
      rows = (int) Math.max(rows, row.rowNumber());
    }
    long[] sorted = new long[rows];
    int n = 0;
    for (int i = 0; i < rows; i++) {
      if (keys[i] != PhoneKeys.NONE) {
        sorted[n++] = PhoneKeys.dedupeKey(keys[i]);
      }
    }
    Arrays.sort(sorted, 0, n);
    int duplicates = 0;
    for (int i = 1; i < n; i++) {
      if (sorted[i] == sorted[i - 1] && (duplicates == 0 || sorted[duplicates - 1] != sorted[i])) {
        sorted[duplicates++] = sorted[i];
      }
    }
    long[] duplicateKeys = Arrays.copyOf(sorted, duplicates);
    long[] lastRows = new long[duplicates];
    for (int i = rows - 1; i >= 0; i--) {
      if (keys[i] != PhoneKeys.NONE) {
        int d = Arrays.binarySearch(duplicateKeys, PhoneKeys.dedupeKey(keys[i]));
        if (d >= 0 && lastRows[d] == 0) {
          lastRows[d] = i + 1;
        }
      }
    }
    return new PhoneIndex(keys, rows, duplicateKeys, lastRows);
  }

  int rows() {
    return rows;
  }

  /** The packed number of a row, {@link PhoneKeys#NONE} when it has none. */
  long key(long rowNumber) {
    return rowNumber >= 1 && rowNumber <= rows ? keys[(int) rowNumber - 1] : PhoneKeys.NONE;
  }

  /** The last row holding the same number when it occurs more than once, else 0. */
  long lastRowOfDuplicate(long key) {
    if (key == PhoneKeys.NONE || duplicateKeys.length == 0) {
      return 0;
    }
    int d = Arrays.binarySearch(duplicateKeys, PhoneKeys.dedupeKey(key));
    return d >= 0 ? lastRows[d] : 0;
  }

  int duplicatedNumbers() {
    return duplicateKeys.length;
  }
}
