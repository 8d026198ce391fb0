package io.contactsplatform.resolver.campaign;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * The type an agent declares for a variable. Every value is carried as text; a value reaching a
 * typed variable is normalised (NUMBER plain decimal without trailing zeros, BOOLEAN
 * {@code true}/{@code false} from true/false/yes/no/1/0, DATE ISO {@code yyyy-MM-dd}, also from an
 * ISO date-time) or, when it does not convert, skipped so the next layer can supply one.
 */
public enum VariableType {
  TEXT, NUMBER, BOOLEAN, DATE;

  /** {@code value} in this type's canonical text, or empty when it does not convert. */
  public Optional<String> normalize(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String text = value.trim();
    return switch (this) {
      case TEXT -> Optional.of(value);
      case NUMBER -> number(text);
      case BOOLEAN -> bool(text);
      case DATE -> date(text);
    };
  }

  /** Parses a type name in any case; {@code null} is TEXT. */
  public static Optional<VariableType> parse(String text) {
    if (text == null) {
      return Optional.of(TEXT);
    }
    try {
      return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> number(String text) {
    try {
      BigDecimal number = new BigDecimal(text);
      return Optional.of(number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> bool(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "y", "1" -> Optional.of("true");
      case "false", "no", "n", "0" -> Optional.of("false");
      default -> Optional.empty();
    };
  }

  private static Optional<String> date(String text) {
    try {
      return Optional.of(LocalDate.parse(text).toString());
    } catch (DateTimeParseException notDate) {
      try {
        return Optional.of(OffsetDateTime.parse(text).toLocalDate().toString());
      } catch (DateTimeParseException notDateTime) {
        return Optional.empty();
      }
    }
  }
}
