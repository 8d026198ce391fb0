package io.contactsplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Uploads every upload endpoint must treat alike, shared by the services' tests so that the same
 * bytes are sent to each: the same table in several encodings and containers (UTF-8, UTF-8 with a
 * BOM, UTF-16LE with a BOM, gzip, semicolon-delimited), a file with a NUL byte, and malformed
 * multipart requests (no boundary, a truncated body, an oversized or overlong file name).
 */
public final class UploadFixtures {

  private UploadFixtures() {
  }

  /**
   * The table both services read from every file of {@link #encodings}: a header {@code phone,reason}
   * and two rows whose reasons hold a comma, quotes and non-ASCII letters.
   */
  public static List<List<String>> table(String firstPhone, String secondPhone) {
    return List.of(List.of("phone", "reason"), List.of(firstPhone, "moved, away"),
        List.of(secondPhone, "asked \"twice\" – Zoë"));
  }

  /** The table as CSV text with {@code delimiter}; a cell holding the delimiter or a quote is quoted. */
  public static String csv(List<List<String>> table, char delimiter) {
    StringBuilder text = new StringBuilder();
    for (List<String> row : table) {
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        if (i > 0) {
          text.append(delimiter);
        }
        boolean quote = cell.indexOf(delimiter) >= 0 || cell.indexOf('"') >= 0 || cell.indexOf(',') >= 0;
        text.append(quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell);
      }
      text.append("\r\n");
    }
    return text.toString();
  }

  /** The same table as UTF-8, UTF-8 with BOM, UTF-16LE with BOM, gzip'd UTF-8 and semicolon-delimited UTF-8. */
  public static Map<String, byte[]> encodings(List<List<String>> table) {
    String comma = csv(table, ',');
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("utf8", comma.getBytes(StandardCharsets.UTF_8));
    files.put("utf8-bom", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, comma.getBytes(StandardCharsets.UTF_8)));
    files.put("utf16le-bom", concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, comma.getBytes(StandardCharsets.UTF_16LE)));
    files.put("gzip", gzip(comma.getBytes(StandardCharsets.UTF_8)));
    files.put("semicolon", csv(table, ';').getBytes(StandardCharsets.UTF_8));
    return files;
  }

  /** The table as UTF-8 CSV with a NUL byte inside the first cell of data row {@code dataRow} (1-based). */
  public static byte[] withNul(List<List<String>> table, int dataRow) {
    List<List<String>> copy = new java.util.ArrayList<>(table);
    List<String> row = new java.util.ArrayList<>(copy.get(dataRow));
    row.set(0, row.get(0) + "\u0000");
    copy.set(dataRow, row);
    return csv(copy, ',').getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /** A malformed multipart request and the answer every upload endpoint gives it. */
  public record MalformedUpload(String name, String contentType, byte[] body, int status, String detailContains) {
  }

  /**
   * The malformed multipart requests every upload endpoint must refuse: no boundary 400, truncated
   * body 400, a 100,000-character file name 413 (the part headers are over the 10240-byte limit),
   * a 300-character file name 400 naming the limit.
   */
  public static List<MalformedUpload> malformedMultipart() {
    String part = "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n"
        + "Content-Type: text/csv\r\n\r\nphone\r\n4155550132\r\n";
    return List.of(
        new MalformedUpload("no boundary", "multipart/form-data", utf8(part + "--xyz--\r\n"), 400, "boundary"),
        new MalformedUpload("truncated", "multipart/form-data; boundary=xyz", utf8(part), 400, "multipart:"),
        new MalformedUpload("100,000-character file name", "multipart/form-data; boundary=xyz",
            utf8(part.replace("a.csv", "a".repeat(100_000) + ".csv") + "--xyz--\r\n"), 413, "10240 bytes"),
        new MalformedUpload("300-character file name", "multipart/form-data; boundary=xyz",
            utf8(part.replace("a.csv", "a".repeat(300) + ".csv") + "--xyz--\r\n"), 400, "255"));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Sends the {@link #malformedMultipart()} requests to {@code uri} and asserts the answers every
   * upload endpoint gives, each an RFC 9457 problem whose detail says what was wrong.
   */
  public static void assertRefusesMalformedMultipart(WebTestClient http, String uri, String apiKey) {
    for (MalformedUpload upload : malformedMultipart()) {
      send(http, uri, apiKey, upload.contentType(), upload.body(), upload.status(), upload.detailContains());
    }
  }

  private static void send(WebTestClient http, String uri, String apiKey, String contentType, byte[] body,
                           int status, String detailContains) {
    http.post().uri(uri).header("Authorization", "Bearer " + apiKey)
        .contentType(MediaType.parseMediaType(contentType)).bodyValue(body)
        .exchange().expectStatus().value(actual -> assertThat(actual).as(contentType + " " + body.length
            + " chars").isEqualTo(status))
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.detail").value(d -> {
          assertThat(d).as("problem detail of " + contentType + " " + body.length + " chars").isNotNull();
          assertThat(d.toString()).isNotBlank();
          if (detailContains != null) {
            assertThat(d.toString()).contains(detailContains);
          }
        });
  }
}
