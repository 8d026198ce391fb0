package io.contactsplatform.importservice.importjob;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Streams the data rows of a CSV file with FastCSV, one record at a time (memory stays flat
 * whatever the file size), in the {@link CsvFormat} detected for it: its encoding (BOM skipped),
 * delimiter, and header row (records above it are skipped). Quoted fields may hold delimiters,
 * doubled quotes and line breaks. A row whose cell count differs from the header's comes out
 * with {@code malformed} set. A parse error — a file ending inside a quoted field — becomes one
 * malformed row (with the text FastCSV could not close) and ends the stream; the rows before it
 * are kept.
 */
public final class CsvRows implements Iterator<CsvRow>, Closeable {

  private final CsvReader<CsvRecord> reader;
  private final CloseableIterator<CsvRecord> records;
  private final CsvFormat format;
  private final List<String> header;
  private final long headerLine;
  private long rowNumber;
  private CsvRow pending;
  private boolean finished;

  private CsvRows(CsvReader<CsvRecord> reader, CsvFormat format) {
    this.reader = reader;
    this.records = reader.iterator();
    this.format = format;
    for (int skipped = 0; skipped < format.headerRecord() && records.hasNext(); skipped++) {
      records.next();
    }
    if (records.hasNext()) {
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
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    in.skipNBytes(Math.min(format.bomBytes(), Files.size(file)));
    CsvReader<CsvRecord> reader = CsvReader.builder()
        .fieldSeparator(format.delimiter())
        .allowExtraFields(true)
        .allowMissingFields(true)
        .allowUnclosedQuote(false)
        .detectBomHeader(false)
        .ofCsvRecord(new InputStreamReader(in, format.charset()));
    try {
      return new CsvRows(reader, format);
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /** Header cells, trimmed; empty for an empty file. */
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
        String malformed = record.getFieldCount() == header.size() ? null
            : "row has " + record.getFieldCount() + " cells, the header has " + header.size();
        pending = new CsvRow(rowNumber, record.getStartingLineNumber(), record.getFields(), malformed);
      } else {
        finished = true;
      }
    } catch (CsvParseException | UncheckedIOException e) {
      rowNumber++;
      finished = true;
      pending = new CsvRow(rowNumber, 0, List.of(), "not valid CSV: " + rootMessage(e)
          + " (a quoted field is never closed, so the rest of the file could not be read as rows)");
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
}
