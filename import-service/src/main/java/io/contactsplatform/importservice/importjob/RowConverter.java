package io.contactsplatform.importservice.importjob;

import io.contactsplatform.importservice.customfield.CustomFieldDefinition;
import io.contactsplatform.support.phone.ParsedPhone;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one CSV row into a {@link RowOutcome} through the column mapping and
 * {@link ContactNormalizer}: {@code MALFORMED_ROW} when the cell count differs from the header
 * (or the row is not valid CSV), then the contact rules. Tag cells and the import's tags are
 * combined. A {@code '} before a formula character (as the error report writes cells) is dropped.
 * Findings name the file's column. {@link #phoneKey} gives the first pass the row's
 * number without the rest of the work; {@link #convert(CsvRow, long)} reuses it (only a number
 * with an extension is parsed again, for the extension's text). Pure; one instance per import.
 */
final class RowConverter {

  static final String MALFORMED_ROW = "MALFORMED_ROW";

  private final ColumnMapping mapping;
  private final ImportSettings settings;
  private final Map<String, CustomFieldDefinition> definitions;
  private final Map<String, String> columnOfField = new HashMap<>();
  private final int phoneColumn;
  private final int countryColumn;

  RowConverter(ColumnMapping mapping, ImportSettings settings, Map<String, CustomFieldDefinition> definitions) {
    this.mapping = mapping;
    this.settings = settings;
    this.definitions = definitions == null ? Map.of() : definitions;
    int phone = -1;
    int country = -1;
    for (int i = 0; i < mapping.columnCount(); i++) {
      ColumnTarget target = mapping.targetOf(i);
      columnOfField.putIfAbsent(target.id(), mapping.headers().get(i));
      if (target.kind() == MappingTarget.PHONE) {
        phone = i;
      } else if (target.kind() == MappingTarget.COUNTRY) {
        country = i;
      }
    }
    this.phoneColumn = phone;
    this.countryColumn = country;
  }

  /** The row's packed number ({@link PhoneKeys}), or {@link PhoneKeys#NONE} for malformed or invalid rows. */
  long phoneKey(CsvRow row) {
    if (row.malformed() != null || phoneColumn < 0) {
      return PhoneKeys.NONE;
    }
    return PhoneKeys.key(ErrorReport.unneutralise(row.fields().get(phoneColumn)), region(row));
  }

  private String region(CsvRow row) {
    String country = countryColumn < 0 ? null : ErrorReport.unneutralise(row.fields().get(countryColumn));
    return ContactNormalizer.region(country, settings.defaultRegion());
  }

  RowOutcome convert(CsvRow row) {
    return convert(row, PhoneKeys.NONE);
  }

  /** Converts {@code row}; a {@code phoneKey} from {@link #phoneKey} spares parsing the number again. */
  RowOutcome convert(CsvRow row, long phoneKey) {
    if (row.malformed() != null) {
      return new RowOutcome.Rejected(row.rowNumber(), row.line(),
          List.of(RowIssue.error("", MALFORMED_ROW, row.malformed())), row.fields());
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
    Map<String, String> customFields = new LinkedHashMap<>();
    for (int i = 0; i < mapping.columnCount(); i++) {
      String cell = ErrorReport.unneutralise(row.fields().get(i));
      ColumnTarget target = mapping.targetOf(i);
      switch (target.kind()) {
        case PHONE -> phone = cell;
        case EXTERNAL_ID -> externalId = cell;
        case FIRST_NAME -> firstName = cell;
        case LAST_NAME -> lastName = cell;
        case EMAIL -> email = cell;
        case COMPANY -> company = cell;
        case COUNTRY -> country = cell;
        case TIMEZONE -> timezone = cell;
        case TAGS -> tags.add(cell);
        case CUSTOM_FIELD -> customFields.put(target.customFieldKey(), cell);
        case SKIP -> {
        }
      }
    }
    tags.addAll(settings.tags());
    ContactFields fields = new ContactFields(phone, externalId, firstName, lastName, email, company, country,
        timezone, tags, customFields);
    ParsedPhone parsed = null;
    if (phoneKey != PhoneKeys.NONE) {
      parsed = PhoneKeys.expand(phoneKey);
      if (PhoneKeys.hasExtension(phoneKey)) {
        parsed = new ParsedPhone(parsed.e164(), PhoneKeys.extension(phone, region(row)), parsed.timezones());
      }
    }
    ContactNormalizer.Result result = ContactNormalizer.normalize(fields, settings.defaultRegion(), definitions, parsed);
    if (result instanceof ContactNormalizer.Valid valid) {
      return new RowOutcome.Accepted(row.rowNumber(), row.line(), valid.data(), columns(row), inColumns(valid.warnings()),
          row.fields());
    }
    ContactNormalizer.Invalid invalid = (ContactNormalizer.Invalid) result;
    return new RowOutcome.Rejected(row.rowNumber(), row.line(), inColumns(invalid.errors()), row.fields());
  }

  private List<RowIssue> inColumns(List<RowIssue> issues) {
    if (issues.isEmpty()) {
      return issues;
    }
    List<RowIssue> located = new ArrayList<>(issues.size());
    for (RowIssue issue : issues) {
      located.add(issue.inColumn(columnOfField.getOrDefault(issue.field(), issue.field())));
    }
    return located;
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
