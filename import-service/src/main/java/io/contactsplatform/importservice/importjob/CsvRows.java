package io.contactsplatform.importservice.importjob;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Streams the data rows of a CSV file with FastCSV, one record at a time (memory stays flat
 * whatever the file size). The file is read as UTF-8 (a BOM is stripped); the delimiter is the
 * most frequent of {@code ,} {@code ;} tab {@code |} outside quotes on the header line (ties go
 * to that order; none found means {@code ,}); the first record is the header. A row whose cell
 * count differs from the header's comes out with {@code malformed} set. A parse error (e.g. a
 * quote never closed) becomes one malformed row and ends the stream: FastCSV's strict parser
 * cannot resynchronise, so later rows are not read, and the row's message says so.
 *
 * <p>Known limits (issue 3): no UTF-16 / Windows-1252 detection; invalid UTF-8 bytes become
 * U+FFFD.
 */
public final class CsvRows implements Iterator<CsvRow>, Closeable {

  static final char[] DELIMITERS = {',', ';', '\t', '|'};
  private static final int MAX_HEADER_LINE_CHARS = 1 << 20;
  private static final char QUOTE = '"';

  private final CsvReader<CsvRecord> reader;
  private final CloseableIterator<CsvRecord> records;
  private final char delimiter;
  private final List<String> header;
  private long rowNumber;
  private CsvRow pending;
  private boolean finished;

  private CsvRows(CsvReader<CsvRecord> reader, char delimiter) {
    this.reader = reader;
    this.records = reader.iterator();
    this.delimiter = delimiter;
    this.header = records.hasNext() ? records.next().getFields().stream().map(String::trim).toList() : List.of();
  }

  /**
   * Opens {@code file}, detects its delimiter and reads its header. Throws
   * {@link CsvParseException} when the header itself is not valid CSV.
   */
  public static CsvRows open(Path file) throws IOException {
    char delimiter;
    try (Reader sniff = utf8Reader(file)) {
      delimiter = detectDelimiter(readHeaderLine(sniff));
    }
    CsvReader<CsvRecord> reader = CsvReader.builder()
        .fieldSeparator(delimiter)
        .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
        .missingFieldStrategy(FieldMismatchStrategy.IGNORE)
        .allowUnclosedQuote(false)
        .ofCsvRecord(utf8Reader(file));
    try {
      return new CsvRows(reader, delimiter);
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /** The most frequent candidate delimiter outside quotes; ties go to the earlier candidate, none to {@code ,}. */
  static char detectDelimiter(String headerLine) {
    int[] counts = new int[DELIMITERS.length];
    boolean quoted = false;
    for (int i = 0; i < headerLine.length(); i++) {
      char c = headerLine.charAt(i);
      if (c == QUOTE) {
        quoted = !quoted;
      } else if (!quoted) {
        for (int d = 0; d < DELIMITERS.length; d++) {
          if (c == DELIMITERS[d]) {
            counts[d]++;
          }
        }
      }
    }
    int best = 0;
    for (int d = 1; d < DELIMITERS.length; d++) {
      if (counts[d] > counts[best]) {
        best = d;
      }
    }
    return DELIMITERS[best];
  }

  /** The first line (up to CR or LF outside quotes, at most 1 MiB). */
  static String readHeaderLine(Reader reader) throws IOException {
    StringBuilder line = new StringBuilder();
    boolean quoted = false;
    int c;
    while ((c = reader.read()) != -1 && line.length() < MAX_HEADER_LINE_CHARS) {
      if (c == QUOTE) {
        quoted = !quoted;
      } else if (!quoted && (c == '\n' || c == '\r')) {
        if (line.length() > 0) {
          break;
        }
        continue;
      }
      line.append((char) c);
    }
    return line.toString();
  }

  private static Reader utf8Reader(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    in.mark(3);
    byte[] head = in.readNBytes(3);
    if (!(head.length == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF)) {
      in.reset();
    }
    return new InputStreamReader(in, StandardCharsets.UTF_8);
  }

  /** Header cells, trimmed; empty for an empty file. */
  public List<String> header() {
    return header;
  }

  public char delimiter() {
    return delimiter;
  }

  @Override
  public boolean hasNext() {
    if (pending != null) {
      return true;
    }
    if (finished) {
      return false;
    }
    try {
      if (records.hasNext()) {
        CsvRecord record = records.next();
        rowNumber++;
        String malformed = record.getFieldCount() == header.size() ? null
            : "row has " + record.getFieldCount() + " cells, the header has " + header.size();
        pending = new CsvRow(rowNumber, record.getStartingLineNumber(), record.getFields(), malformed);
      } else {
        finished = true;
      }
    } catch (CsvParseException e) {
      rowNumber++;
      finished = true;
      pending = new CsvRow(rowNumber, 0, List.of(), "not valid CSV: " + e.getMessage()
          + "; the rest of the file could not be read");
    }
    return pending != null;
  }

  @Override
  public CsvRow next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    CsvRow row = pending;
    pending = null;
    return row;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
