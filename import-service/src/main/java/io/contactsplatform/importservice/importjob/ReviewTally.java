package io.contactsplatform.importservice.importjob;

import io.contactsplatform.importservice.customfield.CustomFieldDefinition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The reading half of an import's review (dry run): both passes of {@link ImportRunner} over
 * the spooled file — {@link PhoneIndex}, then conversion and in-file merging
 * ({@link DuplicateGroups}) with the same {@link RowConverter} — counting instead of sending.
 * Keeps up to {@code samplesPerCode} sample rows per finding code and the E.164 numbers of the
 * contacts the import would send, up to {@code maxPhones} (beyond that {@code phonesComplete} is
 * false and the caller cannot tell created from updated). Nothing is written anywhere. Memory:
 * the phone index (8 bytes a row), the open duplicate groups, the samples and the kept numbers.
 */
final class ReviewTally {

  private ReviewTally() {
  }

  /** A row shown as an example of a finding: its numbers, the finding and the row's cells in file order. */
  record Sample(long rowNumber, long line, String severity, String column, String message, List<String> values) {
  }

  /**
   * What a review read: {@code rows} in the file, {@code validRows} not rejected,
   * {@code newOrUpdated} distinct contacts that would be sent, {@code mergedInFile} rows folded into
   * an earlier row with the same number, rejected rows and rows with warnings (each by code).
   */
  record Result(long rows, long validRows, long newOrUpdated, long mergedInFile, long rejectedRows,
                Map<String, Long> rejected, long warnedRows, Map<String, Long> warnings,
                Map<String, List<Sample>> samples, List<String> phones, boolean phonesComplete) {
  }

  static Result read(ImportJob.SourceFile file, ColumnMapping mapping, ImportSettings settings,
                     Map<String, CustomFieldDefinition> definitions, int samplesPerCode, int maxPhones)
      throws IOException {
    RowConverter converter = new RowConverter(mapping, settings, definitions);
    PhoneIndex phones;
    try (CsvRows rows = CsvRows.open(file.path(), file.format())) {
      phones = PhoneIndex.build(rows, converter);
    }
    long total = 0;
    long valid = 0;
    long contacts = 0;
    long merged = 0;
    long rejectedRows = 0;
    long warnedRows = 0;
    Map<String, Long> rejected = new TreeMap<>();
    Map<String, Long> warnings = new TreeMap<>();
    Map<String, List<Sample>> samples = new LinkedHashMap<>();
    List<String> numbers = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    boolean complete = true;
    DuplicateGroups groups = new DuplicateGroups(phones);
    try (CsvRows rows = CsvRows.open(file.path(), file.format())) {
      while (rows.hasNext()) {
        CsvRow row = rows.next();
        total++;
        RowOutcome outcome = converter.convert(row, phones.key(row.rowNumber()));
        if (outcome instanceof RowOutcome.Rejected r) {
          rejectedRows++;
          rejected.merge(r.code(), 1L, Long::sum);
          sample(samples, r.code(), r.issues().get(0), outcome, samplesPerCode);
        } else {
          valid++;
          if (!outcome.issues().isEmpty()) {
            warnedRows++;
          }
          for (RowIssue issue : outcome.issues()) {
            warnings.merge(issue.code(), 1L, Long::sum);
            sample(samples, issue.code(), issue, outcome, samplesPerCode);
          }
        }
        DuplicateGroups.Step step = groups.add(row.rowNumber(), outcome);
        merged += step.merged() ? 1 : 0;
        if (step.send() != null) {
          contacts++;
          String e164 = step.send().data().getPhoneE164();
          if (complete && seen.add(e164)) {
            if (numbers.size() < maxPhones) {
              numbers.add(e164);
            } else {
              complete = false;
            }
          }
        }
      }
    }
    return new Result(total, valid, contacts, merged, rejectedRows, rejected, warnedRows, warnings, samples,
        complete ? numbers : List.of(), complete);
  }

  private static void sample(Map<String, List<Sample>> samples, String code, RowIssue issue, RowOutcome row, int max) {
    List<Sample> list = samples.computeIfAbsent(code, c -> new ArrayList<>());
    if (list.size() < max) {
      list.add(new Sample(row.rowNumber(), row.line(), issue.severity().name(), issue.field(), issue.message(),
          row.values()));
    }
  }
}
