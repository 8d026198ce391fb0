package io.contactsplatform.importservice.importjob;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
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
 * An import's findings, streamed batch by batch from the store (memory stays flat): one line per
 * finding with the row number, the file line, severity, column, code and message, then the
 * original row's cells under the file's own headers (cells beyond the header's count go to a last
 * column, {@code extra cells}). Rows contact-service rejected follow, without cells (the file is
 * gone by then). As CSV, cells a spreadsheet would run as a formula (starting with {@code =},
 * {@code +}, {@code -}, {@code @}, tab or CR) are prefixed with {@code '}.
 */
@Component
class ErrorReport {

  private static final int BATCHES_PER_READ = 50;
  static final List<String> COLUMNS = List.of("row", "line", "severity", "column", "code", "message");

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

  /** The report as CSV, a header row first. */
  Flux<DataBuffer> csv(ImportJob job, DataBufferFactory buffers) {
    List<String> headers = job.file().headers();
    List<String> header = new ArrayList<>(COLUMNS);
    header.addAll(headers);
    header.add("extra cells");
    Flux<List<String>> records = Flux.concat(Flux.just(header), lines(job).map(l -> record(l, headers.size())));
    return records.buffer(200).map(batch -> {
      StringWriter text = new StringWriter();
      try (CsvWriter writer = CsvWriter.builder().lineDelimiter(LineDelimiter.CRLF).build(text)) {
        batch.forEach(cells -> writer.writeRecord(cells.stream().map(ErrorReport::neutralise).toList()));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return buffers.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
    });
  }

  private static List<String> record(Line line, int headerCount) {
    List<String> cells = new ArrayList<>(List.of(String.valueOf(line.rowNumber()),
        line.line() > 0 ? String.valueOf(line.line()) : "", line.severity(), nullToEmpty(line.column()), line.code(),
        nullToEmpty(line.message())));
    for (int i = 0; i < headerCount; i++) {
      cells.add(i < line.values().size() ? line.values().get(i) : "");
    }
    cells.add(line.values().size() > headerCount
        ? String.join(" | ", line.values().subList(headerCount, line.values().size())) : "");
    return cells;
  }

  /** Prefixes a cell a spreadsheet would evaluate as a formula with {@code '}. */
  static String neutralise(String cell) {
    if (cell == null || cell.isEmpty()) {
      return "";
    }
    char first = cell.charAt(0);
    return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
        ? "'" + cell : cell;
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
