package io.contactsplatform.support.csv;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The one file reader's row stream (every service that reads uploaded CSV files uses it, after
 * {@link FileInspector}): the data rows of a CSV file with FastCSV, one record at a time (memory
 * stays flat whatever the file size), in the {@link CsvFormat} detected for it: gzip decompressed,
 * its encoding (BOM skipped), delimiter, and header row (records above it are skipped; a format
 * without a header row makes every record a data row). Quoted fields may hold delimiters, doubled
 * quotes and line breaks. A row whose cell count differs from the header's comes out with
 * {@code malformed} set. A parse error (a file ending inside a quoted field, a truncated gzip)
 * becomes one malformed row and ends the stream; the rows before it are kept.
 * {@link #bytesRead()} follows the file's (compressed) bytes, for progress.
 */
public final class CsvRows implements Iterator<CsvRow>, Closeable {

  private final CountingInputStream counter;
  private final CsvReader<CsvRecord> reader;
  private final CloseableIterator<CsvRecord> records;
  private final CsvFormat format;
  private final List<String> header;
  private final long headerLine;
  private long rowNumber;
  private CsvRow pending;
  private boolean finished;

  private CsvRows(CountingInputStream counter, CsvReader<CsvRecord> reader, CsvFormat format) {
    this.counter = counter;
    this.reader = reader;
    this.records = reader.iterator();
    this.format = format;
    for (int skipped = 0; skipped < format.headerRecord() && records.hasNext(); skipped++) {
      records.next();
    }
    if (format.hasHeader() && records.hasNext()) {
      CsvRecord first = records.next();
      this.header = first.getFields().stream().map(String::trim).toList();
      this.headerLine = first.getStartingLineNumber();
    } else {
      this.header = List.of();
      this.headerLine = 0;
    }
  }

  /** Opens {@code file} after detecting its format ({@link FileInspector}; 422 when it is not CSV). */
  public static CsvRows open(Path file) throws IOException {
    return open(file, FileInspector.inspect(file));
  }

  /**
   * Opens {@code file} in a known format and reads its header. Throws {@link CsvParseException}
   * when the header itself is not valid CSV.
   */
  public static CsvRows open(Path file, CsvFormat format) throws IOException {
    CountingInputStream counter = new CountingInputStream(Files.newInputStream(file));
    InputStream in = new BufferedInputStream(counter, 1 << 16);
    java.io.Reader text;
    try {
      text = FileInspector.text(in, format);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
    CsvReader<CsvRecord> reader = CsvReader.builder()
        .fieldSeparator(format.delimiter())
        .allowExtraFields(true)
        .allowMissingFields(true)
        .allowUnclosedQuote(false)
        .detectBomHeader(false)
        .ofCsvRecord(text);
    try {
      return new CsvRows(counter, reader, format);
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /** Bytes of the file read so far (compressed bytes for a gzip file). */
  public long bytesRead() {
    return counter.count;
  }

  /** Header cells, trimmed; empty for an empty file or a format without a header row. */
  public List<String> header() {
    return header;
  }

  /** The file line the header starts on (1-based). */
  public long headerLine() {
    return headerLine;
  }

  public CsvFormat format() {
    return format;
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
        String malformed = !format.hasHeader() || record.getFieldCount() == header.size() ? null
            : "row has " + record.getFieldCount() + " cells, the header has " + header.size();
        pending = new CsvRow(rowNumber, record.getStartingLineNumber(), record.getFields(), malformed);
      } else {
        finished = true;
      }
    } catch (CsvParseException | UncheckedIOException e) {
      rowNumber++;
      finished = true;
      pending = new CsvRow(rowNumber, 0, List.of(), "not valid CSV: " + rootMessage(e)
          + " (a quoted field is never closed, or the file is cut short, so the rest of it could not be read as rows)");
    }
    return pending != null;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? e.getMessage() : e.getMessage() + ": " + root.getMessage();
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
