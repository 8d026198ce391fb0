package io.contactsplatform.dncservice.imports;

import io.contactsplatform.dncservice.dnc.DncEntry.Scope;
import io.contactsplatform.dncservice.dnc.DncEntry.Source;
import io.contactsplatform.support.phone.PhoneNumbers;
import io.contactsplatform.support.web.ApiException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;

/**
 * Validated import options with their defaults applied; 422 naming the member otherwise. The
 * format may still be null here: it is detected from the file when the options do not give it.
 */
record ImportSettings(Format format, Mode mode, Source source, Scope scope, String campaignId, String reason,
                      Instant expiresAt, Action action, String defaultRegion, String actor, boolean override,
                      ImportOptions.Columns columns) {

  /** CSV with a header row, or a national-registry flat file (one number per line). */
  enum Format { CSV, REGISTRY }

  /** APPEND adds; REPLACE also removes the source's active entries missing from the file; CHANGE_LIST adds and deletes. */
  enum Mode { APPEND, REPLACE, CHANGE_LIST }

  /** What a row asks for. */
  enum Action { ADD, DELETE }

  static final String DEFAULT_ACTOR = "api";

  /** Settings of an import started by a caller named {@value #DEFAULT_ACTOR} (tests). */
  static ImportSettings of(ImportOptions o, Instant now) {
    return of(o, DEFAULT_ACTOR, now);
  }

  /** Settings of an import whose entries and removals are recorded as done by {@code actor} (the API key's name). */
  static ImportSettings of(ImportOptions o, String actor, Instant now) {
    Format format = enumOf("format", Format.class, o.format());
    Mode mode = enumOf("mode", Mode.class, o.mode());
    Source source = enumOf("source", Source.class, o.source());
    if (source == Source.CONTACT_OPT_OUT) {
      throw ApiException.unprocessable("source: CONTACT_OPT_OUT entries follow the contacts' doNotCall flag; "
          + "set the flag on the contacts (or import with source IMPORT)");
    }
    String campaign = blankToNull(o.campaignId());
    Instant expiresAt = instantOf("expiresAt", o.expiresAt());
    if (expiresAt != null && !expiresAt.isAfter(now)) {
      throw ApiException.unprocessable("expiresAt: must be in the future");
    }
    String region = PhoneNumbers.requestedRegion(o.defaultRegion())
        .orElseThrow(() -> ApiException.unprocessable("defaultRegion: not a supported ISO 3166 region code"));
    return new ImportSettings(format, mode == null ? Mode.APPEND : mode, source,
        campaign == null ? Scope.WORKSPACE : Scope.CAMPAIGN, campaign, blankToNull(o.reason()), expiresAt,
        parseAction(o.action()), region, actor,
        Boolean.TRUE.equals(o.override()), o.columns());
  }

  /** These settings for a file of {@code format}, with the source defaulted for it. */
  ImportSettings forFormat(Format detected) {
    Source s = source != null ? source : detected == Format.REGISTRY ? Source.NATIONAL_REGISTRY : Source.IMPORT;
    ImportSettings settings = new ImportSettings(detected, mode, s, scope, campaignId, reason, expiresAt, action,
        defaultRegion, actor, override, columns);
    if (mode == Mode.REPLACE && s.isProtected() && s != Source.NATIONAL_REGISTRY && !override) {
      throw ApiException.unprocessable("override: a REPLACE of " + s + " entries removes them, which needs "
          + "override=true (recorded on every removal)");
    }
    return settings;
  }

  /** ADD or DELETE from a cell or option ({@code A}, {@code ADD}, {@code D}, {@code DEL}, {@code DELETE}, {@code REMOVE}, …); null when blank. */
  static Action parseAction(String value) {
    Action action = actionOrNull(value);
    if (action == null && value != null && !value.isBlank()) {
      throw ApiException.unprocessable("action: must be ADD or DELETE");
    }
    return action;
  }

  static Action actionOrNull(String value) {
    if (value == null) {
      return null;
    }
    return switch (value.trim().toUpperCase(Locale.ROOT)) {
      case "A", "ADD", "ADDED", "+" -> Action.ADD;
      case "D", "DEL", "DELETE", "DELETED", "REMOVE", "REMOVED", "-" -> Action.DELETE;
      default -> null;
    };
  }

  /** An expiry cell: ISO-8601 with offset, or a date (start of that day, UTC). */
  static Instant parseExpiry(String value) throws DateTimeParseException {
    String text = value.trim();
    if (text.length() == 10) {
      return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static Instant instantOf(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return parseExpiry(value);
    } catch (DateTimeParseException e) {
      throw ApiException.unprocessable(field + ": not an ISO-8601 timestamp with offset or a date, e.g. 2027-01-31");
    }
  }

  private static <E extends Enum<E>> E enumOf(String field, Class<E> type, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.unprocessable(field + ": must be one of " + Arrays.toString(type.getEnumConstants()));
    }
  }

  static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
