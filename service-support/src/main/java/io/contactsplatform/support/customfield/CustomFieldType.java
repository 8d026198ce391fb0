package io.contactsplatform.support.customfield;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The type of a custom field value and the one conversion of a value to it, used by every path
 * that converts one: contact-service's writes (API, patch, bulk, contact-upserts, type changes,
 * filter values), import-service's CSV cells and CRM updates, and variable-resolver-service's
 * typed agent variables (which name the same types, less ENUM).
 *
 * <ul>
 *   <li>TEXT: any scalar, as trimmed text.</li>
 *   <li>NUMBER: a decimal ({@code 42}, {@code -2.5}, {@code 1e3}); a {@code Long} when integral
 *   with at most 18 digits, else a {@code Double}, which must be finite ({@code 1e400} is
 *   refused). Booleans are not numbers.</li>
 *   <li>BOOLEAN: {@code true/false}, {@code yes/no}, {@code 1/0}, in any case (nothing else:
 *   not {@code y}, {@code n}, {@code on}).</li>
 *   <li>DATE: an ISO-8601 date {@code yyyy-MM-dd}, or an ISO-8601 date-time with an offset
 *   ({@code 2026-11-04T23:30:00-05:00}) of which the date as written is kept; stored as
 *   {@code yyyy-MM-dd} text so it sorts and compares as a date.</li>
 *   <li>ENUM: one of the allowed values, matched ignoring case, kept as defined.</li>
 * </ul>
 * Lists and maps convert to nothing. {@link #text} gives a converted value's canonical text.
 *
 * <p>Limit: a NUMBER beyond a double's precision (more than 18 integral digits, or more than
 * about 17 significant digits with a fraction) is rounded to the nearest double.
 */
public enum CustomFieldType {
  TEXT, NUMBER, BOOLEAN, DATE, ENUM;

  /** {@code raw} converted to this type ({@code allowedValues} for ENUM), or why it does not fit. */
  public FieldConversion convert(Object raw, List<String> allowedValues) {
    if (raw == null || raw instanceof Collection<?> || raw instanceof Map<?, ?>) {
      return new FieldConversion.Failed("'" + raw + "' is not " + expectation(allowedValues));
    }
    String text = raw.toString().trim();
    Object value = switch (this) {
      case TEXT -> text;
      case NUMBER -> raw instanceof Boolean ? null : number(text);
      case BOOLEAN -> raw instanceof Boolean b ? b : bool(text);
      case DATE -> date(text);
      case ENUM -> allowedValues == null ? null
          : allowedValues.stream().filter(v -> v.equalsIgnoreCase(text)).findFirst().orElse(null);
    };
    return value != null ? new FieldConversion.Converted(value)
        : new FieldConversion.Failed("'" + text + "' is not " + expectation(allowedValues));
  }

  /** What {@link #convert} accepts, in words for error details ("a number", "one of [gold, silver]"). */
  public String expectation(List<String> allowedValues) {
    return switch (this) {
      case TEXT -> "text";
      case NUMBER -> "a number";
      case BOOLEAN -> "true/false, yes/no or 1/0";
      case DATE -> "an ISO-8601 date (yyyy-MM-dd)";
      case ENUM -> "one of " + (allowedValues == null ? List.of() : allowedValues);
    };
  }

  /**
   * The canonical text of a value {@link #convert} returned: a number in plain decimal without
   * trailing zeros ({@code 3.5}, {@code 1000}, {@code 0}), a boolean {@code true}/{@code false},
   * a date or text as is.
   */
  public static String text(Object converted) {
    if (converted instanceof Double d) {
      return d == 0 ? "0" : BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    return String.valueOf(converted);
  }

  private static Object number(String text) {
    BigDecimal number;
    try {
      number = new BigDecimal(text);
    } catch (NumberFormatException e) {
      return null;
    }
    BigDecimal integral = number.stripTrailingZeros();
    if (integral.scale() <= 0 && integral.precision() - integral.scale() <= 18) {
      return integral.longValueExact();
    }
    double value = number.doubleValue();
    return Double.isFinite(value) ? value : null;
  }

  private static Boolean bool(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> Boolean.TRUE;
      case "false", "no", "0" -> Boolean.FALSE;
      default -> null;
    };
  }

  private static String date(String text) {
    try {
      return LocalDate.parse(text).toString();
    } catch (DateTimeParseException notDate) {
      try {
        return OffsetDateTime.parse(text).toLocalDate().toString();
      } catch (DateTimeParseException notDateTime) {
        return null;
      }
    }
  }
}
