package io.contactsplatform.support.csv;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.contactsplatform.support.web.ApiException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The one file reader's detection (every service that reads uploaded CSV files uses it, with
 * {@link CsvRows}): how to read an uploaded file, or a 422 naming why it cannot be read:
 * <ul>
 *   <li>compression: a gzip file (magic bytes {@code 1F 8B}) is read through gzip; everything
 *       below applies to its decompressed text. Known limit: the upload limit counts compressed
 *       bytes, the decompressed size is not capped;</li>
 *   <li>encoding: a UTF-8 or UTF-16 (LE/BE) byte-order mark decides (and is skipped); otherwise
 *       the whole file is checked as UTF-8 (streamed) and read as Windows-1252 when it is not
 *       valid UTF-8;</li>
 *   <li>not CSV: known binary signatures (ZIP/xlsx, xls, PDF, images), or more than 1% control
 *       characters in the first 64 KiB;</li>
 *   <li>NUL: a NUL character anywhere in the (decoded) file is a 422 naming its line (the whole
 *       file is scanned; UTF-16 without a BOM shows up here too);</li>
 *   <li>delimiter: of {@code ,} {@code ;} tab {@code |}, the one found outside quotes the same
 *       number of times on most of the first 50 lines (ties in that order; none found: {@code ,});</li>
 *   <li>header row: the first record with the table's usual cell count (the most common count in
 *       the sample), so title lines above the table are skipped.</li>
 * </ul>
 */
public final class FileInspector {

  static final int SAMPLE_BYTES = 64 * 1024;
  private static final char[] DELIMITERS = {',', ';', '\t', '|'};
  private static final int SAMPLE_LINES = 50;

  private FileInspector() {
  }

  public static CsvFormat inspect(Path file) throws IOException {
    return inspect(file, null, null);
  }

  /** Encodings an operator may choose instead of the detected one. */
  public static final List<String> ENCODINGS = List.of("UTF-8", "UTF-16LE", "UTF-16BE", "windows-1252", "ISO-8859-1");
  /** Delimiters an operator may choose ({@code tab} spelled out). */
  public static final List<String> DELIMITER_NAMES = List.of(",", ";", "tab", "|");

  /**
   * As {@link #inspect(Path)}, with the operator's choice of encoding and/or delimiter (null:
   * detect) replacing the detected one; the header row is then found with the chosen delimiter.
   * An unknown encoding or delimiter is a 422 naming the accepted ones.
   */
  public static CsvFormat inspect(Path file, String encodingOverride, String delimiterOverride) throws IOException {
    try {
      return detect(file, encodingOverride, delimiterOverride);
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw ApiException.unprocessable("file: a gzip file that cannot be decompressed (" + e.getMessage()
          + "); upload the CSV file itself or a complete .gz of it");
    }
  }

  private static CsvFormat detect(Path file, String encodingOverride, String delimiterOverride) throws IOException {
    String chosenEncoding = chosenEncoding(encodingOverride);
    Character chosenDelimiter = chosenDelimiter(delimiterOverride);
    boolean gzip;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] magic = in.readNBytes(2);
      gzip = startsWith(magic, 0x1F, 0x8B);
    }
    byte[] head;
    try (InputStream in = open(file, gzip)) {
      head = in.readNBytes(SAMPLE_BYTES);
    }
    if (head.length == 0) {
      throw ApiException.unprocessable("file: empty; expected a CSV file whose first row is a header row");
    }
    String encoding;
    int bom = 0;
    if (startsWith(head, 0xEF, 0xBB, 0xBF)) {
      encoding = "UTF-8";
      bom = 3;
    } else if (startsWith(head, 0xFF, 0xFE)) {
      encoding = "UTF-16LE";
      bom = 2;
    } else if (startsWith(head, 0xFE, 0xFF)) {
      encoding = "UTF-16BE";
      bom = 2;
    } else {
      if (chosenEncoding == null || !chosenEncoding.startsWith("UTF-16")) {
        refuseBinary(head);
      }
      encoding = chosenEncoding != null ? chosenEncoding : isUtf8(file, gzip) ? "UTF-8" : "windows-1252";
    }
    if (chosenEncoding != null && !chosenEncoding.equals(encoding)) {
      encoding = chosenEncoding;
      bom = 0;
    }
    CsvFormat unsplit = new CsvFormat(encoding, bom, gzip, ',', 0);
    refuseNul(file, unsplit);
    String sample = decode(head, bom, encoding);
    refuseControlCharacters(sample);
    char delimiter = chosenDelimiter != null ? chosenDelimiter : detectDelimiter(sample);
    int headerRecord = headerRecord(sample, delimiter, head.length == SAMPLE_BYTES);
    return new CsvFormat(encoding, bom, gzip, delimiter, headerRecord);
  }

  /** The raw bytes of {@code file}, decompressed when {@code gzip}. */
  static InputStream open(Path file, boolean gzip) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    return gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
  }

  /**
   * The text of {@code in} (the file's raw bytes) in {@code format}: decompressed, BOM skipped,
   * decoded (malformed input replaced).
   */
  static Reader text(InputStream in, CsvFormat format) throws IOException {
    InputStream bytes = format.gzip() ? new GZIPInputStream(in, 1 << 16) : in;
    bytes.skipNBytes(format.bomBytes());
    return new InputStreamReader(bytes, format.charset());
  }

  /**
   * The first non-blank line of the file's text (at most 1 MiB of it), or null when it has none;
   * for callers that tell file kinds apart by their first line.
   */
  public static String firstLine(Path file, CsvFormat format) throws IOException {
    try (Reader in = new java.io.BufferedReader(text(new BufferedInputStream(Files.newInputStream(file), 1 << 16),
        format))) {
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && line.length() < (1 << 20)) {
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

  /** 422 naming the line of the first NUL character of the file's text. */
  private static void refuseNul(Path file, CsvFormat format) throws IOException {
    long line = 1;
    if (format.encoding().startsWith("UTF-16")) {
      try (Reader in = text(new BufferedInputStream(Files.newInputStream(file), 1 << 16), format)) {
        char[] chunk = new char[1 << 15];
        int n;
        while ((n = in.read(chunk)) > 0) {
          for (int i = 0; i < n; i++) {
            if (chunk[i] == '\n') {
              line++;
            } else if (chunk[i] == 0) {
              throw nulOn(line);
            }
          }
        }
      }
      return;
    }
    try (InputStream in = open(file, format.gzip())) {
      byte[] chunk = new byte[1 << 15];
      int n;
      while ((n = in.read(chunk)) > 0) {
        for (int i = 0; i < n; i++) {
          if (chunk[i] == '\n') {
            line++;
          } else if (chunk[i] == 0) {
            throw nulOn(line);
          }
        }
      }
    }
  }

  private static ApiException nulOn(long line) {
    return ApiException.unprocessable("file: line " + line + " contains a NUL byte (binary data, or UTF-16 text "
        + "without a byte-order mark?); remove it, or export the sheet as CSV (UTF-8) and upload that");
  }

  private static String chosenEncoding(String requested) {
    if (requested == null || requested.isBlank()) {
      return null;
    }
    return ENCODINGS.stream().filter(e -> e.equalsIgnoreCase(requested.trim())
            || (e.equals("windows-1252") && requested.trim().equalsIgnoreCase("cp1252")))
        .findFirst()
        .orElseThrow(() -> ApiException.unprocessable("encoding: '" + requested + "' is not one of "
            + String.join(", ", ENCODINGS)));
  }

  private static Character chosenDelimiter(String requested) {
    if (requested == null || requested.isEmpty()) {
      return null;
    }
    String d = requested.equalsIgnoreCase("tab") || requested.equals("\\t") ? "\t" : requested;
    if (d.length() == 1 && (d.equals("\t") || DELIMITER_NAMES.contains(d))) {
      return d.charAt(0);
    }
    throw ApiException.unprocessable("delimiter: '" + requested + "' is not one of , ; tab |");
  }

  private static void refuseBinary(byte[] head) {
    String kind = null;
    if (startsWith(head, 'P', 'K', 3, 4)) {
      kind = "a ZIP archive (an Excel .xlsx workbook is one)";
    } else if (startsWith(head, 0xD0, 0xCF, 0x11, 0xE0)) {
      kind = "an Excel .xls workbook";
    } else if (startsWith(head, '%', 'P', 'D', 'F')) {
      kind = "a PDF document";
    } else if (startsWith(head, 0x89, 'P', 'N', 'G') || startsWith(head, 0xFF, 0xD8, 0xFF)
        || startsWith(head, 'G', 'I', 'F', '8')) {
      kind = "an image";
    } else if (startsWith(head, 0x1F, 0x8B)) {
      kind = "a gzip archive inside a gzip archive";
    }
    if (kind != null) {
      throw ApiException.unprocessable("file: not a CSV file: it looks like " + kind
          + "; export the sheet as CSV (UTF-8) and upload that");
    }
  }

  private static void refuseControlCharacters(String sample) {
    long control = sample.chars().filter(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f').count();
    if (control > 0 && control * 100 > sample.length()) {
      throw ApiException.unprocessable("file: not a CSV file: " + control + " of its first " + sample.length()
          + " characters are control characters (binary data?)");
    }
  }

  /** Streams the whole file (decompressed when {@code gzip}) through a strict UTF-8 decoder. */
  static boolean isUtf8(Path file, boolean gzip) throws IOException {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.allocate(1 << 16);
    CharBuffer out = CharBuffer.allocate(1 << 16);
    try (InputStream stream = open(file, gzip)) {
      byte[] chunk = new byte[1 << 15];
      int n;
      while ((n = stream.read(chunk)) > 0) {
        in.put(chunk, 0, n);
        in.flip();
        CoderResult result;
        do {
          out.clear();
          result = decoder.decode(in, out, false);
          if (result.isError()) {
            return false;
          }
        } while (result.isOverflow());
        in.compact();
      }
      in.flip();
      out.clear();
      return !decoder.decode(in, out, true).isError() && !decoder.flush(out).isError() && !in.hasRemaining();
    }
  }

  private static String decode(byte[] head, int bom, String encoding) {
    CharsetDecoder decoder = java.nio.charset.Charset.forName(encoding).newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    try {
      return decoder.decode(ByteBuffer.wrap(head, bom, head.length - bom)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The delimiter found the same number of times (at least once) on most sample lines. */
  public static char detectDelimiter(String sample) {
    List<String> lines = logicalLines(sample, SAMPLE_LINES);
    char best = ',';
    long bestScore = 0;
    for (char candidate : DELIMITERS) {
      Map<Integer, Integer> linesByCount = new HashMap<>();
      for (String line : lines) {
        int count = countOutsideQuotes(line, candidate);
        if (count > 0) {
          linesByCount.merge(count, 1, Integer::sum);
        }
      }
      long score = linesByCount.entrySet().stream()
          .mapToLong(e -> (long) e.getValue() * 1000 + e.getKey())
          .max().orElse(0);
      if (score > bestScore) {
        bestScore = score;
        best = candidate;
      }
    }
    return best;
  }

  private static int countOutsideQuotes(String line, char delimiter) {
    int count = 0;
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == delimiter && !quoted) {
        count++;
      }
    }
    return count;
  }

  /** Up to {@code max} non-blank lines, a line break inside quotes not ending a line. */
  static List<String> logicalLines(String text, int max) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length() && lines.size() < max; i++) {
      char c = text.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      }
      if (!quoted && (c == '\n' || c == '\r')) {
        if (!line.toString().isBlank()) {
          lines.add(line.toString());
        }
        line.setLength(0);
      } else {
        line.append(c);
      }
    }
    if (lines.size() < max && !line.toString().isBlank()) {
      lines.add(line.toString());
    }
    return lines;
  }

  /** Index of the header record: the first whose cell count is the sample's most common one. */
  static int headerRecord(String sample, char delimiter, boolean truncated) {
    List<Integer> counts = new ArrayList<>();
    try (CsvReader<CsvRecord> reader = CsvReader.builder().fieldSeparator(delimiter)
        .allowExtraFields(true).allowMissingFields(true).ofCsvRecord(sample)) {
      for (CsvRecord record : reader) {
        counts.add(record.getFieldCount());
        if (counts.size() > SAMPLE_LINES) {
          break;
        }
      }
    } catch (CsvParseException | IOException | java.io.UncheckedIOException e) {
      // a sample cut inside a quoted field: use the records read so far
    }
    if (truncated && counts.size() > 1) {
      counts.remove(counts.size() - 1);
    }
    if (counts.isEmpty()) {
      return 0;
    }
    Map<Integer, Integer> frequency = new HashMap<>();
    counts.forEach(c -> frequency.merge(c, 1, Integer::sum));
    int usual = frequency.entrySet().stream()
        .max((a, b) -> a.getValue().equals(b.getValue()) ? Integer.compare(a.getKey(), b.getKey())
            : Integer.compare(a.getValue(), b.getValue()))
        .map(Map.Entry::getKey).orElse(counts.get(0));
    for (int i = 0; i < counts.size(); i++) {
      if (counts.get(i) == usual) {
        return i;
      }
    }
    return 0;
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    return Arrays.equals(Arrays.copyOf(bytes, prefix.length), toBytes(prefix));
  }

  private static byte[] toBytes(int[] values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }
}
