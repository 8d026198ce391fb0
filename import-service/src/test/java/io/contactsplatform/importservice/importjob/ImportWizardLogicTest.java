package io.contactsplatform.importservice.importjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactsplatform.support.web.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure parts behind the operator console's import wizard: error CSV records, clashes, overrides, speed, progress. */
class ImportWizardLogicTest {

  @TempDir
  Path dir;

  @Test
  void shouldWriteOneErrorCsvRecordPerRowRejectingCodeFirstWithExtraCellsInTheDetail() {
    List<String> values = List.of("12345", "Ada", "x@", "surplus");
    List<ErrorReport.Line> findings = List.of(
        new ErrorReport.Line(7, 8, "WARNING", "email", "INVALID_EMAIL", "not an email", values),
        new ErrorReport.Line(7, 8, "ERROR", "phone", "INVALID_PHONE", "not a number", values));

    List<String> record = ErrorReport.record(findings, 3, 3);

    assertThat(record.subList(0, 5)).containsExactly("12345", "Ada", "x@", "7", "INVALID_PHONE;INVALID_EMAIL");
    assertThat(record.get(5)).startsWith("ERROR INVALID_PHONE in 'phone': not a number / WARNING INVALID_EMAIL")
        .endsWith("cells beyond the header: surplus");
    List<String> answered = ErrorReport.record(List.of(
        new ErrorReport.Line(9, 0, "ERROR", "", "EXTERNAL_ID_CONFLICT", "taken", List.of())), 2, 2);
    assertThat(answered).containsExactly("", "", "9", "EXTERNAL_ID_CONFLICT",
        "ERROR EXTERNAL_ID_CONFLICT: taken / the row's cells are not kept for rows contact-service rejected; see row 9 "
            + "of the original file");
  }

  @Test
  void shouldUndoTheFormulaPrefixOnlyBeforeAFormulaCharacter() {
    for (String cell : List.of("=1+2", "+1 415 555 0132", "-x", "@SUM(A1)", "\tx")) {
      assertThat(ErrorReport.unneutralise(io.contactsplatform.support.csv.CsvCells.neutralise(cell))).isEqualTo(cell);
    }
    assertThat(ErrorReport.unneutralise("'quoted'")).isEqualTo("'quoted'");
    assertThat(ErrorReport.unneutralise("'")).isEqualTo("'");
    assertThat(ErrorReport.unneutralise(null)).isNull();
  }

  @Test
  void shouldListTwoColumnsOnOneTargetButNotRepeatableTargets() {
    Map<String, String> mapping = new LinkedHashMap<>();
    mapping.put("Phone", "phone");
    mapping.put("Mobile", "PHONE");
    mapping.put("Tags 1", "tags");
    mapping.put("Tags 2", "tags");
    mapping.put("A", "skip");
    mapping.put("B", "skip");
    mapping.put("Plan", "cf:plan");
    mapping.put("Tier", "cf: plan");

    assertThat(ColumnMapping.clashes(mapping)).extracting(ColumnMapping.Clash::target, ColumnMapping.Clash::columns)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("phone", List.of("Phone", "Mobile")),
            org.assertj.core.groups.Tuple.tuple("cf:plan", List.of("Plan", "Tier")));
    assertThat(ColumnMapping.clashes(Map.of("Phone", "phone", "Name", "first_name"))).isEmpty();
  }

  @Test
  void shouldReadWithTheOperatorsEncodingAndDelimiterAndRefuseUnknownOnes() throws IOException {
    Path file = dir.resolve("f.csv");
    Files.write(file, "a;b,c\n1;2,3\n".getBytes(StandardCharsets.UTF_8));

    assertThat(FileInspector.inspect(file).delimiter()).isEqualTo(',');
    CsvFormat chosen = FileInspector.inspect(file, "cp1252", ";");
    assertThat(chosen.delimiter()).isEqualTo(';');
    assertThat(chosen.encoding()).isEqualTo("windows-1252");
    assertThat(FileInspector.inspect(file, null, "tab").delimiter()).isEqualTo('\t');
    assertThatThrownBy(() -> FileInspector.inspect(file, "KOI8-R", null))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getBody().getDetail()).startsWith("encoding:"));
    assertThatThrownBy(() -> FileInspector.inspect(file, null, "::"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getBody().getDetail()).startsWith("delimiter:"));
  }

  @Test
  void shouldKeepProgressOnTheFixedRowCountSoItNeverDecreasesAsMoreRowsAreRead() {
    // 1000 rows expected; batch 1: 500 read, all sent, 400 answered; batch 2: 1000 read, 400 answered
    ImportJob first = job(500, 500, 400, 1000, ImportJob.Status.RUNNING, null);
    ImportJob second = job(1000, 1000, 400, 1000, ImportJob.Status.RUNNING, null);
    assertThat(first.progress()).isEqualTo(40);
    assertThat(second.progress()).isEqualTo(40);
    assertThat(job(1000, 1000, 1000, 1000, ImportJob.Status.RUNNING, null).progress()).isEqualTo(99);
    assertThat(job(1000, 1000, 1000, 1000, ImportJob.Status.COMPLETED, Instant.now()).progress()).isEqualTo(100);
    assertThat(job(0, 0, 0, 0, ImportJob.Status.RUNNING, null).progress()).isZero();
  }

  @Test
  void shouldComputeRowsPerSecondAndEtaFromTheStartAndTheRowsDone() {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    ImportJob running = withTimes(job(1000, 1000, 250, 1000, ImportJob.Status.RUNNING, null), start, null);

    ImportJobView.Speed speed = ImportJobView.Speed.of(running, start.plusSeconds(10));

    assertThat(speed.rowsPerSecond()).isEqualTo(25.0);
    assertThat(speed.etaSeconds()).isEqualTo(30);
    ImportJob done = withTimes(job(1000, 1000, 1000, 1000, ImportJob.Status.COMPLETED, null), start,
        start.plusSeconds(20));
    assertThat(ImportJobView.Speed.of(done, start.plusSeconds(999))).isEqualTo(new ImportJobView.Speed(50.0, 0L));
    assertThat(ImportJobView.Speed.of(withTimes(running, null, null), start)).isEqualTo(new ImportJobView.Speed(null, null));
  }

  @Test
  void shouldSettleAStreamOnceEndedAndAnsweredOrAfterTheGrace() {
    Instant end = Instant.parse("2026-01-01T00:00:00Z");
    ImportJob cancelledWaiting = withTimes(job(10, 10, 4, 10, ImportJob.Status.CANCELLED, null), end, end);
    assertThat(ImportEventStream.settled(cancelledWaiting, end.plusSeconds(1))).isFalse();
    assertThat(ImportEventStream.settled(cancelledWaiting, end.plus(ImportEventStream.ANSWER_GRACE).plusSeconds(1)))
        .isTrue();
    assertThat(ImportEventStream.settled(withTimes(job(10, 10, 10, 10, ImportJob.Status.CANCELLED, null), end, end),
        end)).isTrue();
    assertThat(ImportEventStream.settled(job(10, 10, 10, 10, ImportJob.Status.RUNNING, null), end)).isFalse();
  }

  private static ImportJob job(long read, long accepted, long answered, long expected, ImportJob.Status status,
                               Instant finishedAt) {
    ImportJob.SourceFile file = new ImportJob.SourceFile(Path.of("f.csv"), 100, new CsvFormat("UTF-8", 0, ',', 0),
        List.of("phone"));
    return new ImportJob("id", "ws", "f.csv", status, Map.of(), ImportSettings.of(ImportOptions.NONE), file, 500,
        Map.of(), read, accepted, 0, answered, answered, 0, 0, Map.of(), Map.of(), Map.of(), read == expected,
        Instant.now(), Instant.now(), finishedAt, null, expected, ImportJob.Actor.API, false);
  }

  private static ImportJob withTimes(ImportJob j, Instant startedAt, Instant finishedAt) {
    return new ImportJob(j.id(), j.workspaceId(), j.fileName(), j.status(), j.mapping(), j.settings(), j.file(),
        j.batchSize(), j.customFields(), j.totalRows(), j.acceptedRows(), j.mergedDuplicates(), j.processedRows(),
        j.created(), j.updated(), j.unchanged(), j.rejected(), j.answerRejected(), j.warnings(), j.allRowsRead(),
        j.createdAt(), startedAt, finishedAt, j.failureReason(), j.expectedRows(), j.startedBy(), j.cancelRequested());
  }
}
