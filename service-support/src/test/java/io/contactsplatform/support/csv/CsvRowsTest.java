package io.contactsplatform.support.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.contactsplatform.support.web.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvRowsTest {

  @TempDir
  Path dir;

  @Test
  void shouldStripUtf8BomAndDetectSemicolons() throws IOException {
    byte[] body = "Mobile Number;Given name\n+14155550132;Zoë\n".getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[body.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(body, 0, withBom, 3, body.length);

    List<CsvRow> rows;
    try (CsvRows csv = CsvRows.open(write(withBom))) {
      assertThat(csv.format().delimiter()).isEqualTo(';');
      assertThat(csv.header()).containsExactly("Mobile Number", "Given name");
      rows = drain(csv);
    }
    assertThat(rows).singleElement().satisfies(row -> {
      assertThat(row.rowNumber()).isEqualTo(1);
      assertThat(row.fields()).containsExactly("+14155550132", "Zoë");
      assertThat(row.malformed()).isNull();
    });
  }

  @Test
  void shouldParseQuotedFieldsWithDelimitersQuotesAndNewlines() throws IOException {
    String csv = "phone,company,note\n"
        + "+14155550132,\"Dominguez, Mcmillan and Donovan\",\"said \"\"hi\"\"\nthen left\"\n"
        + "+14155550133,Acme,plain\n";

    List<CsvRow> rows;
    try (CsvRows csvRows = CsvRows.open(write(csv))) {
      rows = drain(csvRows);
    }
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).fields()).containsExactly("+14155550132", "Dominguez, Mcmillan and Donovan",
        "said \"hi\"\nthen left");
    assertThat(rows.get(1).rowNumber()).isEqualTo(2);
    assertThat(rows.get(1).line()).isEqualTo(4);
  }

  @Test
  void shouldMarkRowWithWrongCellCountMalformedAndKeepReading() throws IOException {
    List<CsvRow> rows;
    try (CsvRows csv = CsvRows.open(write("phone,name\n+14155550132,A,extra\n+14155550133\n+14155550134,C\n"))) {
      rows = drain(csv);
    }
    assertThat(rows).extracting(CsvRow::malformed).containsExactly(
        "row has 3 cells, the header has 2", "row has 1 cells, the header has 2", null);
    assertThat(rows.get(0).fields()).containsExactly("+14155550132", "A", "extra");
  }

  @Test
  void shouldReportUnclosedQuoteAsMalformedRowAfterTheGoodOnes() throws IOException {
    List<CsvRow> rows;
    try (CsvRows csv = CsvRows.open(write("phone,name\n+14155550132,A\n+14155550133,\"B\n"))) {
      rows = drain(csv);
    }
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).malformed()).isNull();
    assertThat(rows.get(1).rowNumber()).isEqualTo(2);
    assertThat(rows.get(1).malformed()).contains("not valid CSV").contains("never closed");
  }

  @Test
  void shouldRefuseEmptyFileWith422() {
    assertThatThrownBy(() -> CsvRows.open(write(""))).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.getStatusCode().value()).isEqualTo(422);
      assertThat(e.getBody().getDetail()).contains("empty");
    });
  }

  @Test
  void shouldSkipTitleLinesAboveTheHeaderRow() throws IOException {
    List<CsvRow> rows;
    try (CsvRows csv = CsvRows.open(write("Leads export\nGenerated 2026-11-26\n\nphone,name\n+14155550132,A\n"))) {
      assertThat(csv.header()).containsExactly("phone", "name");
      assertThat(csv.headerLine()).isEqualTo(4);
      rows = drain(csv);
    }
    assertThat(rows).singleElement().satisfies(row -> {
      assertThat(row.rowNumber()).isEqualTo(1);
      assertThat(row.line()).isEqualTo(5);
    });
  }

  private Path write(String text) throws IOException {
    return write(text.getBytes(StandardCharsets.UTF_8));
  }

  private Path write(byte[] bytes) throws IOException {
    return Files.write(Files.createTempFile(dir, "rows-", ".csv"), bytes);
  }

  private static List<CsvRow> drain(CsvRows csv) {
    List<CsvRow> rows = new ArrayList<>();
    csv.forEachRemaining(rows::add);
    return rows;
  }
}
