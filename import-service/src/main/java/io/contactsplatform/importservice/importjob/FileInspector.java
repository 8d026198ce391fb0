package io.contactsplatform.importservice.importjob;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.contactsplatform.support.web.ApiException;
import java.io.IOException;
import java.io.InputStream;
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

/**
 * Detects how to read an uploaded file, or refuses it with a 422 naming why:
 * <ul>
 *   <li>encoding: a UTF-8 or UTF-16 (LE/BE) byte-order mark decides; otherwise the whole file is
 *       checked as UTF-8 (streamed) and read as Windows-1252 when it is not valid UTF-8;</li>
 *   <li>not CSV: known binary signatures (ZIP/xlsx, xls, PDF, gzip, images), NUL bytes (UTF-16
 *       without a BOM included), or more than 1% control characters in the first 64 KiB;</li>
 *   <li>delimiter: of {@code ,} {@code ;} tab {@code |}, the one found outside quotes the same
 *       number of times on most of the first 50 lines (ties in that order; none found: {@code ,});</li>
 *   <li>header row: the first record with the table's usual cell count (the most common count in
 *       the sample), so title lines above the table are skipped.</li>
 * </ul>
 */
final class FileInspector {

  static final int SAMPLE_BYTES = 64 * 1024;
  private static final char[] DELIMITERS = {',', ';', '\t', '|'};
  private static final int SAMPLE_LINES = 50;

  private FileInspector() {
  }

  static CsvFormat inspect(Path file) throws IOException {
    return inspect(file, null, null);
  }

  /** Encodings an operator may choose instead of the detected one. */
  static final List<String> ENCODINGS = List.of("UTF-8", "UTF-16LE", "UTF-16BE", "windows-1252", "ISO-8859-1");
  /** Delimiters an operator may choose ({@code tab} spelled out). */
  static final List<String> DELIMITER_NAMES = List.of(",", ";", "tab", "|");

  /**
   * As {@link #inspect(Path)}, with the operator's choice of encoding and/or delimiter (null:
   * detect) replacing the detected one; the header row is then found with the chosen delimiter.
   * An unknown encoding or delimiter is a 422 naming the accepted ones.
   */
  static CsvFormat inspect(Path file, String encodingOverride, String delimiterOverride) throws IOException {
    String chosenEncoding = chosenEncoding(encodingOverride);
    Character chosenDelimiter = chosenDelimiter(delimiterOverride);
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
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
      encoding = chosenEncoding != null ? chosenEncoding : isUtf8(file) ? "UTF-8" : "windows-1252";
    }
    if (chosenEncoding != null && !chosenEncoding.equals(encoding)) {
      encoding = chosenEncoding;
      bom = 0;
    }
    String sample = decode(head, bom, encoding);
    refuseControlCharacters(sample);
    char delimiter = chosenDelimiter != null ? chosenDelimiter : detectDelimiter(sample);
    int headerRecord = headerRecord(sample, delimiter, head.length == SAMPLE_BYTES);
    return new CsvFormat(encoding, bom, delimiter, headerRecord);
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
    } else if (startsWith(head, 0x1F, 0x8B)) {
      kind = "a gzip archive";
    } else if (startsWith(head, 0x89, 'P', 'N', 'G') || startsWith(head, 0xFF, 0xD8, 0xFF)
        || startsWith(head, 'G', 'I', 'F', '8')) {
      kind = "an image";
    } else {
      for (byte b : head) {
        if (b == 0) {
          kind = "binary data (it contains NUL bytes; UTF-16 text needs a byte-order mark)";
          break;
        }
      }
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

  /** Streams the whole file through a strict UTF-8 decoder. */
  static boolean isUtf8(Path file) throws IOException {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.allocate(1 << 16);
    CharBuffer out = CharBuffer.allocate(1 << 16);
    try (InputStream stream = Files.newInputStream(file)) {
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
  static char detectDelimiter(String sample) {
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
