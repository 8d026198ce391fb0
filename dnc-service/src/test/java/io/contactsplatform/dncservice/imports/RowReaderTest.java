package io.contactsplatform.dncservice.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactsplatform.dncservice.imports.ImportSettings.Action;
import io.contactsplatform.dncservice.imports.ImportSettings.Format;
import io.contactsplatform.support.csv.CsvRows;
import io.contactsplatform.support.csv.FileInspector;
import io.contactsplatform.support.web.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How file rows become operations or rejections, for CSV and national-registry files. */
class RowReaderTest {

  static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

  @TempDir
  Path dir;

  ImportSettings settings(String optionsMode, String action, Boolean override, String source, Format format) {
    return ImportSettings.of(new ImportOptions(null, optionsMode, source, null, null, null, action, null, null,
        override, null), NOW).forFormat(format);
  }

  List<RowReader.Outcome> read(String content, ImportSettings settings) throws IOException {
    Path file = Files.writeString(dir.resolve("f.txt"), content, StandardCharsets.UTF_8);
    List<RowReader.Outcome> out = new ArrayList<>();
    DncImports.Prepared prepared = DncImports.prepare(settings, file);
    try (CsvRows in = CsvRows.open(file, prepared.csv())) {
      RowReader reader = prepared.reader();
      while (in.hasNext()) {
        out.add(reader.read(in.next(), NOW));
      }
    }
    return out;
  }

  @Test
  void shouldDetectRegistryFilesByTheirFirstLineAndEverythingElseAsCsv() throws IOException {
    assertThat(detect(Files.writeString(dir.resolve("a"), "\n212,5550187\n"))).isEqualTo(Format.REGISTRY);
    assertThat(detect(Files.writeString(dir.resolve("b"), "2125550187\n"))).isEqualTo(Format.REGISTRY);
    assertThat(detect(Files.writeString(dir.resolve("c"), "212,5550187,D\n"))).isEqualTo(Format.REGISTRY);
    assertThat(detect(Files.writeString(dir.resolve("d"), "phone\n2125550187\n"))).isEqualTo(Format.CSV);
    assertThatThrownBy(() -> detect(Files.writeString(dir.resolve("e"), "")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getBody().getDetail()).startsWith("file: empty"));
  }

  private static Format detect(Path file) throws IOException {
    return DncImports.prepare(ImportSettings.of(ImportOptions.NONE, NOW), file).settings().format();
  }

  @Test
  void shouldReadBothRegistryLineFormsAndRejectAnythingElseWithoutGuessing() throws IOException {
    List<RowReader.Outcome> rows = read("212,5550187\n2125550188\n 212 , 5550189 \n12125550190\n212-555-0191\n"
        + "212,555\n", settings(null, null, null, null, Format.REGISTRY));

    assertThat(rows.subList(0, 3)).allSatisfy(r -> assertThat(r).isInstanceOf(RowReader.Op.class));
    assertThat(rows.subList(0, 3)).extracting(r -> ((RowReader.Op) r).phoneE164())
        .containsExactly("+12125550187", "+12125550188", "+12125550189");
    assertThat(rows.subList(3, 6)).allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(RowReader.Rejected.class,
        rejected -> assertThat(rejected.code()).isEqualTo("INVALID_LINE")));
    assertThat(((RowReader.Rejected) rows.get(3)).rowNumber()).isEqualTo(4);
  }

  @Test
  void shouldRejectRegistryNumbersLibphonenumberDoesNotAccept() throws IOException {
    List<RowReader.Outcome> rows = read("000,0000000\n", settings(null, null, null, null, Format.REGISTRY));

    assertThat(rows).singleElement().isInstanceOfSatisfying(RowReader.Rejected.class,
        r -> assertThat(r.code()).isEqualTo("INVALID_PHONE"));
  }

  @Test
  void shouldTakeChangeListFlagsOrTheDefaultAction() throws IOException {
    List<RowReader.Outcome> rows = read("212,5550187,A\n2125550188,d\n212,5550189\n212,5550190,maybe\n",
        settings("CHANGE_LIST", "ADD", null, null, Format.REGISTRY));

    assertThat(rows.subList(0, 3)).extracting(r -> ((RowReader.Op) r).action())
        .containsExactly(Action.ADD, Action.DELETE, Action.ADD);
    assertThat(((RowReader.Rejected) rows.get(3)).code()).isEqualTo("INVALID_ACTION");
    assertThat(read("212,5550187\n", settings("CHANGE_LIST", null, null, null, Format.REGISTRY)))
        .singleElement().isInstanceOfSatisfying(RowReader.Rejected.class,
            r -> assertThat(r.code()).isEqualTo("MISSING_ACTION"));
  }

  @Test
  void shouldRefuseDeleteRowsOutsideChangeListAndCallOptOutDeletesWithoutOverride() throws IOException {
    assertThat(read("212,5550187,D\n", settings("APPEND", null, null, null, Format.REGISTRY)))
        .singleElement().isInstanceOfSatisfying(RowReader.Rejected.class,
            r -> assertThat(r.code()).isEqualTo("ACTION_NOT_ALLOWED"));
    assertThat(read("212,5550187,D\n", settings("CHANGE_LIST", null, null, "CALL_OPT_OUT", Format.REGISTRY)))
        .singleElement().isInstanceOfSatisfying(RowReader.Rejected.class,
            r -> assertThat(r.code()).isEqualTo("OVERRIDE_REQUIRED"));
    assertThat(read("212,5550187,D\n", settings("CHANGE_LIST", null, true, "CALL_OPT_OUT", Format.REGISTRY)))
        .singleElement().isInstanceOf(RowReader.Op.class);
  }

  @Test
  void shouldReadCsvColumnsByTheirUsualNamesWithAnyDelimiter() throws IOException {
    List<RowReader.Outcome> rows = read("Phone Number;Reason;Expires At\n(415) 555-0132;letter;2027-01-31\n",
        settings(null, null, null, null, Format.CSV));

    assertThat(rows).singleElement().isInstanceOfSatisfying(RowReader.Op.class, op -> {
      assertThat(op.phoneE164()).isEqualTo("+14155550132");
      assertThat(op.reason()).isEqualTo("letter");
      assertThat(op.expiresAt()).isEqualTo(Instant.parse("2027-01-31T00:00:00Z"));
      assertThat(op.line()).isEqualTo(2);
    });
  }

  @Test
  void shouldRejectCsvRowsWithBadCellsNamingTheColumn() throws IOException {
    List<RowReader.Outcome> rows = read("phone,expires\n,\n4155550132,soon\n4155550132,2020-01-01\n4155550132\n",
        settings(null, null, null, null, Format.CSV));

    assertThat(rows).extracting(r -> ((RowReader.Rejected) r).code())
        .containsExactly("MISSING_PHONE", "INVALID_EXPIRES_AT", "EXPIRES_AT_IN_PAST", "MALFORMED_ROW");
    assertThat(((RowReader.Rejected) rows.get(1)).message()).startsWith("expiresAt:");
  }

  @Test
  void shouldRefuseCsvWithoutPhoneColumnOrChangeListWithoutActions() {
    assertThatThrownBy(() -> read("name\nAda\n", settings(null, null, null, null, Format.CSV)))
        .isInstanceOf(ApiException.class).hasMessageContaining("no phone column");
    assertThatThrownBy(() -> read("phone\n4155550132\n", settings("CHANGE_LIST", null, null, null, Format.CSV)))
        .isInstanceOf(ApiException.class).hasMessageContaining("action column");
  }

  @Test
  void shouldStreamEveryLineOfALargeFileAndCountItsBytes() throws IOException {
    Path file = dir.resolve("big.txt");
    try (var out = Files.newBufferedWriter(file)) {
      for (int i = 0; i < 200_000; i++) {
        out.write("212," + (2_000_000 + i) + "\n");
      }
    }
    long rows = 0;
    try (CsvRows in = CsvRows.open(file, FileInspector.inspect(file).withoutHeader(','))) {
      while (in.hasNext()) {
        in.next();
        rows++;
      }
      assertThat(in.bytesRead()).isEqualTo(Files.size(file));
    }
    assertThat(rows).isEqualTo(200_000);
  }
}
