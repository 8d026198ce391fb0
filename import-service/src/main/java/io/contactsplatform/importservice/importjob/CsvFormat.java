package io.contactsplatform.importservice.importjob;

import java.nio.charset.Charset;

/**
 * How to read an uploaded file, as {@link FileInspector} detected it: the encoding, how many BOM
 * bytes to skip, the delimiter, and how many records come before the header row (title lines an
 * export put above the table).
 */
public record CsvFormat(String encoding, int bomBytes, char delimiter, int headerRecord) {

  public Charset charset() {
    return Charset.forName(encoding);
  }

  /** The encoding as shown to people, e.g. {@code UTF-8 (BOM)}. */
  public String describeEncoding() {
    return bomBytes > 0 ? encoding + " (BOM)" : encoding;
  }

  /** The delimiter as shown to people ({@code \t} spelled {@code tab}). */
  public String describeDelimiter() {
    return delimiter == '\t' ? "tab" : String.valueOf(delimiter);
  }
}
