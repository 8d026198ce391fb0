package io.contactsplatform.support.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactsplatform.support.web.ApiException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileInspectorTest {

  private static final String TEXT = "phone;first_name;company\n(415) 555-0132;Zoë;Müller & Söhne\n";

  @TempDir
  Path dir;

  @ParameterizedTest
  @CsvSource(delimiter = '#', quoteCharacter = '\'', value = {
      "'phone,first_name,company\n1,2,3\n'#,",
      "'Mobile Number;Given name\n1;2\n'#;",
      "'a\tb\tc\n1\t2\t3\n'#'\t'",
      "'a|b|c\n1|2|3\n'#|",
      "'\"last, first\";phone;x\n\"a, b\";1;2\n'#;",
      "'name;note\nAda;\"x, y, z\"\nGrace;\"p, q\"\n'#;",
      "'single\n1\n'#,"})
  void shouldDetectTheDelimiterFoundTheSameNumberOfTimesOnMostLines(String text, String expected) {
    assertThat(FileInspector.detectDelimiter(text)).isEqualTo(expected.charAt(0));
  }

  @Test
  void shouldReadPlainAndBomUtf8() throws IOException {
    assertThat(FileInspector.inspect(write(TEXT.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(new CsvFormat("UTF-8", 0, false, ';', 0));
    assertThat(FileInspector.inspect(write(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
        TEXT.getBytes(StandardCharsets.UTF_8))))).isEqualTo(new CsvFormat("UTF-8", 3, false, ';', 0));
  }

  @Test
  void shouldReadUtf16WithEitherByteOrderMark() throws IOException {
    Path little = write(concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, TEXT.getBytes(StandardCharsets.UTF_16LE)));
    Path big = write(concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, TEXT.getBytes(StandardCharsets.UTF_16BE)));

    assertThat(FileInspector.inspect(little)).isEqualTo(new CsvFormat("UTF-16LE", 2, false, ';', 0));
    assertThat(FileInspector.inspect(big)).isEqualTo(new CsvFormat("UTF-16BE", 2, false, ';', 0));
    assertThat(rows(little)).containsExactly(List.of("(415) 555-0132", "Zoë", "Müller & Söhne"));
    assertThat(rows(big)).containsExactly(List.of("(415) 555-0132", "Zoë", "Müller & Söhne"));
  }

  @Test
  void shouldFallBackToWindows1252WhenBytesAreNotUtf8() throws IOException {
    Path file = write(("phone;first_name;company\n" + "x".repeat(70_000) + ";a;b\n(415) 555-0132;Zoë;Müller & Söhne – €\n")
        .getBytes(Charset.forName("windows-1252")));

    assertThat(FileInspector.inspect(file).encoding()).isEqualTo("windows-1252");
    assertThat(rows(file).get(1)).containsExactly("(415) 555-0132", "Zoë", "Müller & Söhne – €");
  }

  @Test
  void shouldRefuseSpreadsheetsAndBinaryFilesNamingWhatTheyLookLike() {
    assertThatThrownBy(() -> FileInspector.inspect(write(new byte[] {'P', 'K', 3, 4, 20, 0, 6, 0})))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.getStatusCode().value()).isEqualTo(422);
          assertThat(e.getBody().getDetail()).contains("not a CSV file").contains("xlsx");
        });
    assertThatThrownBy(() -> FileInspector.inspect(write("phone\u0000,name\n".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getBody().getDetail()).contains("NUL"));
    byte[] noise = new byte[4096];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (byte) (1 + i % 7);
    }
    assertThatThrownBy(() -> FileInspector.inspect(write(noise)))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getBody().getDetail()).contains("control"));
  }

  @Test
  void shouldReadGzipOfUtf16WithBomAndCountCompressedBytes() throws IOException {
    byte[] text = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, TEXT.getBytes(StandardCharsets.UTF_16LE));
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(zipped)) {
      gzip.write(text);
    }
    Path file = write(zipped.toByteArray());

    CsvFormat format = FileInspector.inspect(file);
    assertThat(format).isEqualTo(new CsvFormat("UTF-16LE", 2, true, ';', 0));
    assertThat(format.describeEncoding()).isEqualTo("UTF-16LE (BOM), gzip");
    try (CsvRows csv = CsvRows.open(file, format)) {
      assertThat(csv.header()).containsExactly("phone", "first_name", "company");
      assertThat(csv.next().fields()).containsExactly("(415) 555-0132", "Zoë", "Müller & Söhne");
      assertThat(csv.hasNext()).isFalse();
      assertThat(csv.bytesRead()).isEqualTo(zipped.size());
    }
  }

  @Test
  void shouldRefuseACutGzipAndANulByteAnywhereNamingItsLine() throws IOException {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(zipped)) {
      gzip.write(("phone\n" + "4155550132\n".repeat(20_000)).getBytes(StandardCharsets.UTF_8));
    }
    byte[] cut = java.util.Arrays.copyOf(zipped.toByteArray(), zipped.size() / 2);
    assertThatThrownBy(() -> FileInspector.inspect(write(cut)))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getBody().getDetail()).contains("gzip"));

    String late = "phone,name\n" + "4155550132,Ada\n".repeat(10_000) + "4155550133,Gr\u0000ace\n";
    assertThatThrownBy(() -> FileInspector.inspect(write(late.getBytes(StandardCharsets.UTF_8))))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.getStatusCode().value()).isEqualTo(422);
          assertThat(e.getBody().getDetail()).contains("line 10002").contains("NUL");
        });
  }

  @Test
  void shouldReadEveryRecordAsDataWithoutAHeaderRow() throws IOException {
    Path file = write("212,5550187\n2125550188,D\n".getBytes(StandardCharsets.UTF_8));
    CsvFormat format = FileInspector.inspect(file).withoutHeader(',');

    assertThat(FileInspector.firstLine(file, format)).isEqualTo("212,5550187");
    try (CsvRows csv = CsvRows.open(file, format)) {
      assertThat(csv.header()).isEmpty();
      assertThat(csv.next()).satisfies(r -> {
        assertThat(r.fields()).containsExactly("212", "5550187");
        assertThat(r.malformed()).isNull();
      });
      assertThat(csv.next().fields()).containsExactly("2125550188", "D");
    }
  }

  @Test
  void shouldFindHeaderBelowTitleLines() throws IOException {
    assertThat(FileInspector.inspect(write("Exported leads\n\nphone,name,plan\n1,2,3\n4,5,6\n"
        .getBytes(StandardCharsets.UTF_8))).headerRecord()).isEqualTo(1);
  }

  private List<List<String>> rows(Path file) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    try (CsvRows csv = CsvRows.open(file)) {
      csv.forEachRemaining(r -> rows.add(r.fields()));
    }
    return rows;
  }

  private Path write(byte[] bytes) throws IOException {
    return Files.write(Files.createTempFile(dir, "file-", ".csv"), bytes);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }
}
