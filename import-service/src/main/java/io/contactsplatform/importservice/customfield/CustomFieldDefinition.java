package io.contactsplatform.importservice.customfield;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * A workspace's custom field as import-service needs it (read from contact-service): key, label,
 * type, whether it is required, ENUM's allowed values and the default. {@link #convert} turns a
 * cell into the typed value sent on contact-upserts: NUMBER → long or double, BOOLEAN from
 * yes/no/true/false/1/0, DATE an ISO-8601 date kept as {@code yyyy-MM-dd} text, ENUM the allowed
 * value matched ignoring case, TEXT trimmed.
 */
public record CustomFieldDefinition(String key, String label, FieldType type, boolean required,
                                    List<String> allowedValues, String defaultValue) {

  public CustomFieldDefinition {
    allowedValues = allowedValues == null ? List.of() : List.copyOf(allowedValues);
  }

  /** The typed value, or a {@link Conversion.Failed} saying why the text does not fit. */
  public Conversion convert(String text) {
    String value = text.trim();
    return switch (type) {
      case TEXT -> new Conversion.Converted(value);
      case NUMBER -> number(value);
      case BOOLEAN -> bool(value);
      case DATE -> date(value);
      case ENUM -> allowedValues.stream().filter(v -> v.equalsIgnoreCase(value)).findFirst()
          .<Conversion>map(Conversion.Converted::new)
          .orElseGet(() -> new Conversion.Failed("'" + value + "' is not one of " + allowedValues));
    };
  }

  private static Conversion number(String value) {
    try {
      BigDecimal number = new BigDecimal(value);
      BigDecimal integral = number.stripTrailingZeros();
      if (integral.scale() <= 0 && integral.precision() - integral.scale() <= 18) {
        return new Conversion.Converted(integral.longValueExact());
      }
      return new Conversion.Converted(number.doubleValue());
    } catch (NumberFormatException | ArithmeticException e) {
      return new Conversion.Failed("'" + value + "' is not a number");
    }
  }

  private static Conversion bool(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "yes", "true", "1" -> new Conversion.Converted(Boolean.TRUE);
      case "no", "false", "0" -> new Conversion.Converted(Boolean.FALSE);
      default -> new Conversion.Failed("'" + value + "' is not yes/no/true/false/1/0");
    };
  }

  private static Conversion date(String value) {
    try {
      return new Conversion.Converted(LocalDate.parse(value).toString());
    } catch (DateTimeParseException e) {
      return new Conversion.Failed("'" + value + "' is not an ISO-8601 date (yyyy-MM-dd)");
    }
  }

  /** Result of converting one cell. */
  public sealed interface Conversion {

    /** The typed value (String, Long, Double or Boolean). */
    record Converted(Object value) implements Conversion {
    }

    /** Why the text does not fit the type. */
    record Failed(String reason) implements Conversion {
    }
  }
}
