package io.contactsplatform.support.csv;

import java.nio.charset.Charset;

/**
 * How to read an uploaded file, as {@link FileInspector} detected it: the encoding, how many BOM
 * bytes to skip (of the decompressed text), whether the file is gzip-compressed, the delimiter,
 * and how many records come before the header row (title lines an export put above the table);
 * {@value #NO_HEADER} when the file has no header row (every record is data).
 */
public record CsvFormat(String encoding, int bomBytes, boolean gzip, char delimiter, int headerRecord) {

  /** {@link #headerRecord} of a file without a header row. */
  public static final int NO_HEADER = -1;

  public Charset charset() {
    return Charset.forName(encoding);
  }

  /** The same file read without a header row, split at {@code separator}. */
  public CsvFormat withoutHeader(char separator) {
    return new CsvFormat(encoding, bomBytes, gzip, separator, NO_HEADER);
  }

  public boolean hasHeader() {
    return headerRecord >= 0;
  }

  /** The encoding as shown to people, e.g. {@code UTF-8 (BOM)} or {@code UTF-8, gzip}. */
  public String describeEncoding() {
    return (bomBytes > 0 ? encoding + " (BOM)" : encoding) + (gzip ? ", gzip" : "");
  }

  /** The delimiter as shown to people ({@code \t} spelled {@code tab}). */
  public String describeDelimiter() {
    return delimiter == '\t' ? "tab" : String.valueOf(delimiter);
  }
}
