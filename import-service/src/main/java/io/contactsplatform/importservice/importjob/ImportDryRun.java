package io.contactsplatform.importservice.importjob;

import io.contactsplatform.support.csv.CsvFormat;
import io.contactsplatform.support.csv.CsvRow;
import io.contactsplatform.support.csv.CsvRows;
import io.contactsplatform.support.csv.FileInspector;
import io.contactsplatform.events.contact.upsert.ContactData;
import io.contactsplatform.events.contact.upsert.DuplicatePolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The reading side of an import without a broker or a store, on the calling thread: the same
 * format detection, both passes ({@link PhoneIndex}, then conversion and in-file merging) and
 * the same rules as {@link ImportRunner}. For benchmarks and tools; nothing is sent or stored.
 */
public final class ImportDryRun {

  private ImportDryRun() {
  }

  /** What a dry run read. */
  public record Counts(long rows, long accepted, long merged, long rejected, long warnings) {
  }

  /**
   * Reads {@code file} with {@code mapping} (header → target, no custom fields) and
   * {@code defaultRegion}, handing every contact that would be upserted to {@code accepted}.
   */
  public static Counts run(Path file, Map<String, String> mapping, String defaultRegion, Consumer<ContactData> accepted)
      throws IOException {
    CsvFormat format = FileInspector.inspect(file);
    List<String> headers;
    try (CsvRows rows = CsvRows.open(file, format)) {
      headers = rows.header();
    }
    ColumnMapping columns = ColumnMapping.of(headers, mapping);
    RowConverter converter = new RowConverter(columns,
        new ImportSettings(defaultRegion, DuplicatePolicy.MERGE, List.of(), null), Map.of());
    PhoneIndex phones;
    try (CsvRows rows = CsvRows.open(file, format)) {
      phones = PhoneIndex.build(rows, converter);
    }
    long total = 0;
    long sent = 0;
    long merged = 0;
    long rejected = 0;
    long warnings = 0;
    DuplicateGroups groups = new DuplicateGroups(phones);
    try (CsvRows rows = CsvRows.open(file, format)) {
      while (rows.hasNext()) {
        CsvRow row = rows.next();
        total++;
        RowOutcome outcome = converter.convert(row, phones.key(row.rowNumber()));
        if (outcome instanceof RowOutcome.Rejected) {
          rejected++;
        } else {
          warnings += outcome.issues().size();
        }
        DuplicateGroups.Step step = groups.add(row.rowNumber(), outcome);
        merged += step.merged() ? 1 : 0;
        if (step.send() != null) {
          sent++;
          accepted.accept(step.send().data());
        }
      }
    }
    return new Counts(total, sent, merged, rejected, warnings);
  }
}
