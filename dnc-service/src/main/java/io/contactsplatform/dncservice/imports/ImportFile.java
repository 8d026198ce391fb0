package io.contactsplatform.dncservice.imports;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import io.contactsplatform.dncservice.imports.ImportSettings.Format;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.FilterInputStream;
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
import java.util.regex.Pattern;

/**
 * Streams the rows of an uploaded DNC file with FastCSV, one record at a time, so memory stays
 * flat whatever the file size (a 10M-line registry file included). CSV: UTF-8 (BOM stripped), the
 * delimiter is the most frequent of {@code , ; tab |} on the header line, the first record is the
 * header. REGISTRY: no header, comma-separated, every non-empty line is a row. A parse error (a
 * quote never closed) becomes one malformed row and ends the stream. {@link #bytesRead} follows the
 * underlying file for progress.
 */
final class ImportFile implements Iterator<ImportFile.Row>, Closeable {

  /** A registry line: {@code areacode,number} or 10 digits, optionally followed by an add/delete flag. */
  static final Pattern REGISTRY_LINE = Pattern.compile(
      "\\s*(\\d{10}|\\d{3}\\s*,\\s*\\d{7})\\s*(,\\s*[A-Za-z+-]{1,10}\\s*)?");
  private static final char[] DELIMITERS = {',', ';', '\t', '|'};
  private static final int MAX_SNIFF_CHARS = 1 << 20;

  /** One record: data row number (1-based, header excluded), the file line it starts on, its cells. */
  record Row(long rowNumber, long line, List<String> fields, String malformed) {
  }

  private final CountingInputStream counter;
  private final CsvReader<CsvRecord> reader;
  private final CloseableIterator<CsvRecord> records;
  private final List<String> header;
  private long rowNumber;
  private Row pending;
  private boolean finished;

  private ImportFile(CountingInputStream counter, CsvReader<CsvRecord> reader, Format format) {
    this.counter = counter;
    this.reader = reader;
    this.records = reader.iterator();
    this.header = format == Format.CSV && records.hasNext()
        ? records.next().getFields().stream().map(String::trim).toList() : List.of();
  }

  /** REGISTRY when the first non-empty line is a registry line, else CSV. */
  static Format detect(Path file) throws IOException {
    String first = firstLine(file);
    return first != null && REGISTRY_LINE.matcher(first).matches() ? Format.REGISTRY : Format.CSV;
  }

  static ImportFile open(Path file, Format format) throws IOException {
    char delimiter = ',';
    if (format == Format.CSV) {
      String first = firstLine(file);
      delimiter = detectDelimiter(first == null ? "" : first);
    }
    CountingInputStream counter = new CountingInputStream(Files.newInputStream(file));
    CsvReader<CsvRecord> reader = CsvReader.builder()
        .fieldSeparator(delimiter)
        .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
        .missingFieldStrategy(FieldMismatchStrategy.IGNORE)
        .allowUnclosedQuote(false)
        .ofCsvRecord(utf8(counter));
    try {
      return new ImportFile(counter, reader, format);
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /** Header cells (CSV only; empty for a registry file or an empty CSV). */
  List<String> header() {
    return header;
  }

  long bytesRead() {
    return counter.count;
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
        String malformed = header.isEmpty() || record.getFieldCount() == header.size() ? null
            : "row has " + record.getFieldCount() + " cells, the header has " + header.size();
        pending = new Row(rowNumber, record.getStartingLineNumber(), record.getFields(), malformed);
      } else {
        finished = true;
      }
    } catch (CsvParseException e) {
      rowNumber++;
      finished = true;
      pending = new Row(rowNumber, 0, List.of(), "not valid CSV: " + e.getMessage()
          + "; the rest of the file could not be read");
    }
    return pending != null;
  }

  @Override
  public Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Row row = pending;
    pending = null;
    return row;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }

  static char detectDelimiter(String headerLine) {
    int[] counts = new int[DELIMITERS.length];
    boolean quoted = false;
    for (char c : headerLine.toCharArray()) {
      if (c == '"') {
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

  /** The first non-blank line (at most 1 MiB of it), or null for an empty file. */
  private static String firstLine(Path file) throws IOException {
    try (BufferedReader in = new BufferedReader(utf8(Files.newInputStream(file)))) {
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && line.length() < MAX_SNIFF_CHARS) {
        if (c == '\n' || c == '\r') {
          if (!line.toString().isBlank()) {
            return line.toString();
          }
          line.setLength(0);
        } else {
          line.append((char) c);
        }
      }
      return line.toString().isBlank() ? null : line.toString();
    }
  }

  private static Reader utf8(InputStream raw) throws IOException {
    InputStream in = new BufferedInputStream(raw, 1 << 16);
    in.mark(3);
    byte[] head = in.readNBytes(3);
    if (!(head.length == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF)) {
      in.reset();
    }
    return new InputStreamReader(in, StandardCharsets.UTF_8);
  }

  /** Counts the bytes read through it (for progress). */
  private static final class CountingInputStream extends FilterInputStream {
    private volatile long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
