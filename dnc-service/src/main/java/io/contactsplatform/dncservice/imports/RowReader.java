package io.contactsplatform.dncservice.imports;

import io.contactsplatform.dncservice.imports.ImportSettings.Action;
import io.contactsplatform.dncservice.imports.ImportSettings.Format;
import io.contactsplatform.dncservice.imports.ImportSettings.Mode;
import io.contactsplatform.support.csv.CsvRow;
import io.contactsplatform.support.phone.PhoneNumbers;
import io.contactsplatform.support.web.ApiException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns one file row into an operation on one number (ADD or DELETE, in E.164) or a rejection
 * with a code and a message naming the column; never guesses a number. CSV rows read the phone,
 * reason, expiry and action columns (found by their usual names or named in the options); registry
 * rows are {@code areacode,number} or 10 digits (US), optionally followed by an add/delete flag.
 * In APPEND and REPLACE every row adds; CHANGE_LIST takes the row's flag, else the options'
 * {@code action}.
 */
final class RowReader {

  static final List<String> PHONE_NAMES = List.of("phone", "phonenumber", "phone_number", "number", "telephone",
      "tel", "mobile", "e164", "phonee164");
  static final List<String> REASON_NAMES = List.of("reason", "dncreason", "dnc_reason", "note", "notes");
  static final List<String> EXPIRY_NAMES = List.of("expiresat", "expires_at", "expiry", "expires", "expirydate",
      "expiry_date", "expirationdate", "expiration_date");
  static final List<String> ACTION_NAMES = List.of("action", "change", "operation", "op");

  /** A registry line: {@code areacode,number} or 10 digits, optionally followed by an add/delete flag. */
  static final java.util.regex.Pattern REGISTRY_LINE = java.util.regex.Pattern.compile(
      "\\s*(\\d{10}|\\d{3}\\s*,\\s*\\d{7})\\s*(,\\s*[A-Za-z+-]{1,10}\\s*)?");


  /** What one row asks for: an operation, or a rejection kept in the error report. */
  sealed interface Outcome permits Op, Rejected {
    long rowNumber();
  }

  /** A valid row: add or delete {@code phoneE164}, with the row's reason and expiry (null: defaults). */
  record Op(long rowNumber, long line, String phoneE164, Action action, String reason, Instant expiresAt)
      implements Outcome {
  }

  /** A rejected row: its code, message and raw cells. */
  record Rejected(long rowNumber, long line, String code, String message, List<String> values) implements Outcome {
  }

  private final ImportSettings settings;
  private final int phone;
  private final int reason;
  private final int expiry;
  private final int action;
  private final boolean deletesNeedOverride;

  private RowReader(ImportSettings settings, int phone, int reason, int expiry, int action) {
    this.settings = settings;
    this.phone = phone;
    this.reason = reason;
    this.expiry = expiry;
    this.action = action;
    this.deletesNeedOverride = settings.source().isProtected()
        && settings.source() != io.contactsplatform.dncservice.dnc.DncEntry.Source.NATIONAL_REGISTRY
        && !settings.override();
  }

  /**
   * The reader for a file of {@code settings.format()} with this header (CSV).
   *
   * @throws ApiException 422 naming the missing column or option
   */
  static RowReader of(ImportSettings settings, List<String> header) {
    if (settings.format() == Format.REGISTRY) {
      return new RowReader(settings, -1, -1, -1, -1);
    }
    if (header.isEmpty()) {
      throw ApiException.unprocessable("file: empty; a CSV file needs a header row with a phone column");
    }
    ImportOptions.Columns named = settings.columns();
    int phone = column(header, named == null ? null : named.phone(), PHONE_NAMES, "columns.phone");
    if (phone < 0) {
      throw ApiException.unprocessable("file: no phone column in the header " + header
          + "; name it in options.columns.phone");
    }
    int action = column(header, named == null ? null : named.action(), ACTION_NAMES, "columns.action");
    if (settings.mode() == Mode.CHANGE_LIST && action < 0 && settings.action() == null) {
      throw ApiException.unprocessable("file: CHANGE_LIST needs an action column (ADD/DELETE) in the header "
          + header + ", or options.action for every row");
    }
    return new RowReader(settings, phone,
        column(header, named == null ? null : named.reason(), REASON_NAMES, "columns.reason"),
        column(header, named == null ? null : named.expiresAt(), EXPIRY_NAMES, "columns.expiresAt"), action);
  }

  private static int column(List<String> header, String named, List<String> usual, String option) {
    if (named != null && !named.isBlank()) {
      for (int i = 0; i < header.size(); i++) {
        if (header.get(i).equalsIgnoreCase(named.trim())) {
          return i;
        }
      }
      throw ApiException.unprocessable("options." + option + ": no column '" + named + "' in the header " + header);
    }
    for (int i = 0; i < header.size(); i++) {
      String normalised = header.get(i).toLowerCase(Locale.ROOT).replace(" ", "").replace("-", "_");
      if (usual.contains(normalised) || usual.contains(normalised.replace("_", ""))) {
        return i;
      }
    }
    return -1;
  }

  Outcome read(CsvRow row, Instant now) {
    List<String> cells = row.fields();
    if (row.malformed() != null) {
      return reject(row, "MALFORMED_ROW", row.malformed());
    }
    return settings.format() == Format.REGISTRY ? registryRow(row, cells) : csvRow(row, cells, now);
  }

  private Outcome registryRow(CsvRow row, List<String> cells) {
    List<String> fields = new ArrayList<>(cells.stream().map(String::trim).toList());
    String flag = null;
    if (fields.size() > 1 && !fields.get(fields.size() - 1).chars().allMatch(Character::isDigit)) {
      flag = fields.remove(fields.size() - 1);
    }
    String digits;
    if (fields.size() == 1 && fields.get(0).matches("\\d{10}")) {
      digits = fields.get(0);
    } else if (fields.size() == 2 && fields.get(0).matches("\\d{3}") && fields.get(1).matches("\\d{7}")) {
      digits = fields.get(0) + fields.get(1);
    } else {
      return reject(row, "INVALID_LINE", "line: expected areacode,number or 10 digits"
          + (settings.mode() == Mode.CHANGE_LIST ? " (optionally followed by ,A or ,D)" : ""));
    }
    String e164 = PhoneNumbers.e164OrNull("+1" + digits, "US");
    if (e164 == null) {
      return reject(row, "INVALID_PHONE", "phone: not a valid US number");
    }
    return op(row, e164, flag, null, null);
  }

  private Outcome csvRow(CsvRow row, List<String> cells, Instant now) {
    String raw = cell(cells, phone);
    if (raw == null) {
      return reject(row, "MISSING_PHONE", "phone: empty");
    }
    String e164 = PhoneNumbers.e164OrNull(raw, settings.defaultRegion());
    if (e164 == null) {
      return reject(row, "INVALID_PHONE", "phone: not a valid phone number (defaultRegion "
          + settings.defaultRegion() + ")");
    }
    Instant expiresAt = null;
    String expiryCell = cell(cells, expiry);
    if (expiryCell != null) {
      try {
        expiresAt = ImportSettings.parseExpiry(expiryCell);
      } catch (DateTimeParseException e) {
        return reject(row, "INVALID_EXPIRES_AT", "expiresAt: not an ISO-8601 timestamp with offset or a date");
      }
      if (!expiresAt.isAfter(now)) {
        return reject(row, "EXPIRES_AT_IN_PAST", "expiresAt: must be in the future");
      }
    }
    return op(row, e164, cell(cells, action), cell(cells, reason), expiresAt);
  }

  private Outcome op(CsvRow row, String e164, String flag, String rowReason, Instant expiresAt) {
    Action rowAction = ImportSettings.actionOrNull(flag);
    if (flag != null && !flag.isBlank() && rowAction == null) {
      return reject(row, "INVALID_ACTION", "action: '" + flag + "' is not ADD/A or DELETE/D");
    }
    Action chosen;
    if (settings.mode() == Mode.CHANGE_LIST) {
      chosen = rowAction != null ? rowAction : settings.action();
      if (chosen == null) {
        return reject(row, "MISSING_ACTION", "action: empty, and options.action gives no default");
      }
    } else {
      if (rowAction == Action.DELETE) {
        return reject(row, "ACTION_NOT_ALLOWED", "action: DELETE rows need mode CHANGE_LIST (mode is "
            + settings.mode() + ")");
      }
      chosen = Action.ADD;
    }
    if (chosen == Action.DELETE && deletesNeedOverride) {
      return reject(row, "OVERRIDE_REQUIRED", "action: deleting " + settings.source()
          + " entries needs options.override=true");
    }
    return new Op(row.rowNumber(), row.line(), e164, chosen, rowReason, expiresAt);
  }

  private static String cell(List<String> cells, int index) {
    if (index < 0 || index >= cells.size()) {
      return null;
    }
    String value = cells.get(index);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static Rejected reject(CsvRow row, String code, String message) {
    return new Rejected(row.rowNumber(), row.line(), code, message, row.fields());
  }
}
