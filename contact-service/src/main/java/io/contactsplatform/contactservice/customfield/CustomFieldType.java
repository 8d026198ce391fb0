package io.contactsplatform.contactservice.customfield;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Custom field value types and the one conversion every write path uses (the same rules
 * import-service applies to CSV cells): TEXT any scalar as trimmed text; NUMBER a long when
 * integral (18 digits at most) else a double; BOOLEAN from true/false, yes/no, 1/0; DATE an
 * ISO-8601 date kept as {@code yyyy-MM-dd} text (so it sorts and compares as a date); ENUM one of
 * the allowed values, matched ignoring case and stored as defined.
 */
public enum CustomFieldType {
  TEXT, NUMBER, BOOLEAN, DATE, ENUM;

  /** The stored value for {@code raw}, or empty when it does not fit this type. */
  public Optional<Object> convert(Object raw, List<String> allowedValues) {
    if (raw == null) {
      return Optional.empty();
    }
    if (raw instanceof java.util.Collection<?> || raw instanceof java.util.Map<?, ?>) {
      return Optional.empty();
    }
    String text = raw.toString().trim();
    return switch (this) {
      case TEXT -> Optional.of(text);
      case NUMBER -> raw instanceof Boolean ? Optional.empty() : number(text);
      case BOOLEAN -> bool(raw, text);
      case DATE -> date(text);
      case ENUM -> allowedValues.stream().filter(v -> v.equalsIgnoreCase(text)).findFirst().map(v -> (Object) v);
    };
  }

  /** Human description of what {@link #convert} accepts, for error details. */
  public String expectation(List<String> allowedValues) {
    return switch (this) {
      case TEXT -> "text";
      case NUMBER -> "a number";
      case BOOLEAN -> "true/false, yes/no or 1/0";
      case DATE -> "an ISO-8601 date (yyyy-MM-dd)";
      case ENUM -> "one of " + allowedValues;
    };
  }

  private static Optional<Object> number(String text) {
    try {
      BigDecimal number = new BigDecimal(text);
      BigDecimal integral = number.stripTrailingZeros();
      if (integral.scale() <= 0 && integral.precision() - integral.scale() <= 18) {
        return Optional.of(integral.longValueExact());
      }
      double value = number.doubleValue();
      return Double.isFinite(value) ? Optional.of(value) : Optional.empty();
    } catch (NumberFormatException | ArithmeticException e) {
      return Optional.empty();
    }
  }

  private static Optional<Object> bool(Object raw, String text) {
    if (raw instanceof Boolean b) {
      return Optional.of(b);
    }
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "yes", "true", "1" -> Optional.of(Boolean.TRUE);
      case "no", "false", "0" -> Optional.of(Boolean.FALSE);
      default -> Optional.empty();
    };
  }

  private static Optional<Object> date(String text) {
    try {
      return Optional.of(LocalDate.parse(text).toString());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
