package io.contactsplatform.importservice.importjob;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import io.contactsplatform.support.csv.CsvCells;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * An import's findings, streamed batch by batch from the store (memory stays flat): as JSON one
 * line per finding with the row number, the file line, severity, column, code, message and the
 * row's original cells; as CSV one record per row, re-importable ({@link #csv}). Rows
 * contact-service rejected follow, without cells (the file is gone by then). As CSV, cells are
 * neutralised against formula injection by the platform's one rule, {@link CsvCells} (phone
 * numbers such as {@code +14155550132} are left alone); the importer strips the {@code '} again
 * ({@link #unneutralise}).
 */
@Component
class ErrorReport {

  private static final int BATCHES_PER_READ = 50;

  private final ImportJobStore store;

  ErrorReport(ImportJobStore store) {
    this.store = store;
  }

  /** One finding. */
  @Schema(name = "ImportErrorLine")
  record Line(long rowNumber, long line, String severity, String column, String code, String message,
              List<String> values) {
  }

  Flux<Line> lines(ImportJob job) {
    long batches = job.batchSize() <= 0 ? 0 : (job.totalRows() + job.batchSize() - 1) / job.batchSize();
    List<long[]> ranges = new ArrayList<>();
    for (long from = 0; from < batches; from += BATCHES_PER_READ) {
      ranges.add(new long[] {from, Math.min(batches, from + BATCHES_PER_READ)});
    }
    Flux<Line> read = Flux.fromIterable(ranges)
        .concatMap(range -> store.issueBatches(job.id(), range[0], range[1]), 1)
        .concatMapIterable(ErrorReport::linesOf);
    Flux<Line> answered = store.answerIssues(job.id())
        .map(d -> new Line(d.get("rowNumber", Number.class).longValue(), 0, RowIssue.Severity.ERROR.name(), "",
            d.getString("code"), d.getString("message"), List.of()));
    return read.concatWith(answered);
  }

  private static List<Line> linesOf(Document batch) {
    List<Line> lines = new ArrayList<>();
    for (Document row : batch.getList("rows", Document.class)) {
      long rowNumber = row.get("rowNumber", Number.class).longValue();
      long line = row.get("line", Number.class).longValue();
      List<String> values = row.getList("values", String.class);
      for (Document issue : row.getList("issues", Document.class)) {
        lines.add(new Line(rowNumber, line, issue.getString("severity"), issue.getString("column"),
            issue.getString("code"), issue.getString("message"), values));
      }
    }
    return lines;
  }

  /** The columns the CSV adds after the file's own: the importer skips them (no target suggests itself for them). */
  static final List<String> ERROR_COLUMNS = List.of("error_row", "error_code", "error_detail");

  /**
   * The report as CSV, re-importable as it is: the file's own header first, then
   * {@link #ERROR_COLUMNS}; one record per row (not per finding) with the row's original cells,
   * its row number, its codes ({@code ;}-separated, the rejecting one first) and the findings'
   * details. Cells beyond the header's count are named in {@code error_detail}; a short row is
   * padded. The error columns of a re-imported errors CSV are replaced, not repeated. {@code severity} (null: both) keeps only rows with an ERROR or only rows without one.
   */
  Flux<DataBuffer> csv(ImportJob job, DataBufferFactory buffers, RowIssue.Severity severity) {
    List<String> all = job.file().headers();
    boolean reimported = all.size() >= ERROR_COLUMNS.size()
        && all.subList(all.size() - ERROR_COLUMNS.size(), all.size()).equals(ERROR_COLUMNS);
    List<String> headers = reimported ? all.subList(0, all.size() - ERROR_COLUMNS.size()) : all;
    List<String> header = new ArrayList<>(headers);
    header.addAll(ERROR_COLUMNS);
    Flux<List<String>> rows = lines(job).bufferUntilChanged(Line::rowNumber)
        .filter(findings -> severity == null || hasError(findings) == (severity == RowIssue.Severity.ERROR))
        .map(findings -> record(findings, headers.size(), all.size()));
    Flux<List<String>> records = Flux.concat(Flux.just(header), rows);
    return records.buffer(200).map(batch -> {
      StringWriter text = new StringWriter();
      try (CsvWriter writer = CsvWriter.builder().lineDelimiter(LineDelimiter.CRLF).build(text)) {
        batch.forEach(cells -> writer.writeRecord(cells.stream().map(CsvCells::neutralise).toList()));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return buffers.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
    });
  }

  private static boolean hasError(List<Line> findings) {
    return findings.stream().anyMatch(l -> RowIssue.Severity.ERROR.name().equals(l.severity()));
  }

  /** One CSV record for the findings of one row. Pure. */
  static List<String> record(List<Line> findings, int headerCount, int fileHeaderCount) {
    List<Line> ordered = new ArrayList<>(findings);
    ordered.sort((a, b) -> Boolean.compare(!RowIssue.Severity.ERROR.name().equals(a.severity()),
        !RowIssue.Severity.ERROR.name().equals(b.severity())));
    List<String> values = ordered.stream().map(Line::values).filter(v -> !v.isEmpty()).findFirst().orElse(List.of());
    List<String> cells = new ArrayList<>();
    for (int i = 0; i < headerCount; i++) {
      cells.add(i < values.size() ? values.get(i) : "");
    }
    Line first = ordered.get(0);
    cells.add(String.valueOf(first.rowNumber()));
    cells.add(String.join(";", ordered.stream().map(Line::code).distinct().toList()));
    List<String> details = new ArrayList<>();
    for (Line l : ordered) {
      String where = l.column() == null || l.column().isEmpty() ? "" : " in '" + l.column() + "'";
      details.add(l.severity() + " " + l.code() + where + ": " + nullToEmpty(l.message()));
    }
    if (values.size() > fileHeaderCount) {
      details.add("cells beyond the header: " + String.join(" | ", values.subList(fileHeaderCount, values.size())));
    }
    if (values.isEmpty()) {
      details.add("the row's cells are not kept for rows contact-service rejected; see row " + first.rowNumber()
          + " of the original file");
    }
    cells.add(String.join(" / ", details));
    return cells;
  }

  /** Undoes {@link CsvCells#neutralise}: a {@code '} before a formula character is dropped. */
  static String unneutralise(String cell) {
    if (cell != null && cell.length() > 1 && cell.charAt(0) == '\'') {
      char second = cell.charAt(1);
      if (second == '=' || second == '+' || second == '-' || second == '@' || second == '\t' || second == '\r') {
        return cell.substring(1);
      }
    }
    return cell;
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
