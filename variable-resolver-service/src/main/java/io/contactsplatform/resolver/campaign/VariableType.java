package io.contactsplatform.resolver.campaign;

import io.contactsplatform.support.customfield.CustomFieldType;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The type an agent declares for a variable. Every value is carried as text; a value reaching a
 * typed variable is converted by the rule custom fields use everywhere ({@link CustomFieldType})
 * and given in its canonical text (NUMBER plain decimal without trailing zeros, BOOLEAN
 * {@code true}/{@code false}, DATE {@code yyyy-MM-dd}, TEXT trimmed) or, when it does not
 * convert, skipped so the next layer can supply one.
 */
public enum VariableType {
  TEXT, NUMBER, BOOLEAN, DATE;

  /** {@code value} in this type's canonical text, or empty when it is blank or does not convert. */
  public Optional<String> normalize(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    return CustomFieldType.valueOf(name()).convert(value, List.of()).value().map(CustomFieldType::text);
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
}
