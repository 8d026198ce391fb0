package io.contactsplatform.importservice.importjob;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one CSV row into a {@link RowOutcome} through the column mapping and
 * {@link ContactNormalizer}: {@code MALFORMED_ROW} when the cell count differs from the header
 * (or the row is not valid CSV), {@code MISSING_PHONE} / {@code INVALID_PHONE} from the phone
 * rules. Tag cells and the import's tags are combined. Pure; one instance per import.
 */
final class RowConverter {

  static final String MALFORMED_ROW = "MALFORMED_ROW";

  private final ColumnMapping mapping;
  private final ImportSettings settings;

  RowConverter(ColumnMapping mapping, ImportSettings settings) {
    this.mapping = mapping;
    this.settings = settings;
  }

  RowOutcome convert(CsvRow row) {
    if (row.malformed() != null) {
      return new RowOutcome.Rejected(row.rowNumber(), row.line(), MALFORMED_ROW, row.malformed(), row.fields());
    }
    String phone = null;
    String externalId = null;
    String firstName = null;
    String lastName = null;
    String email = null;
    String company = null;
    String country = null;
    String timezone = null;
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < mapping.columnCount(); i++) {
      String cell = row.fields().get(i);
      switch (mapping.targetOf(i)) {
        case PHONE -> phone = cell;
        case EXTERNAL_ID -> externalId = cell;
        case FIRST_NAME -> firstName = cell;
        case LAST_NAME -> lastName = cell;
        case EMAIL -> email = cell;
        case COMPANY -> company = cell;
        case COUNTRY -> country = cell;
        case TIMEZONE -> timezone = cell;
        case TAGS -> tags.add(cell);
        case SKIP -> {
        }
      }
    }
    tags.addAll(settings.tags());
    ContactFields fields = new ContactFields(phone, externalId, firstName, lastName, email, company, country,
        timezone, tags);
    ContactNormalizer.Result result = ContactNormalizer.normalize(fields, settings.defaultRegion());
    if (result instanceof ContactNormalizer.Valid valid) {
      return new RowOutcome.Accepted(row.rowNumber(), valid.data(), columns(row), valid.warnings());
    }
    ContactNormalizer.Invalid invalid = (ContactNormalizer.Invalid) result;
    return new RowOutcome.Rejected(row.rowNumber(), row.line(), invalid.code(), invalid.message(), row.fields());
  }

  private Map<String, String> columns(CsvRow row) {
    if (settings.campaignId() == null) {
      return Map.of();
    }
    Map<String, String> columns = new LinkedHashMap<>();
    for (int i = 0; i < mapping.columnCount(); i++) {
      columns.put(mapping.headers().get(i), row.fields().get(i));
    }
    return columns;
  }
}
