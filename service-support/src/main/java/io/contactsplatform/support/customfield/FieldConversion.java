package io.contactsplatform.support.customfield;

import java.util.Optional;

/** The result of {@link CustomFieldType#convert}: the typed value, or why the input does not fit. */
public sealed interface FieldConversion {

  /** The typed value (String, Long, Double or Boolean), empty when it failed. */
  Optional<Object> value();

  /** A converted value: String (TEXT, DATE as {@code yyyy-MM-dd}, ENUM as defined), Long, Double or Boolean. */
  record Converted(Object converted) implements FieldConversion {
    @Override
    public Optional<Object> value() {
      return Optional.of(converted);
    }
  }

  /** Why the input does not fit, e.g. {@code 'x' is not a number}. */
  record Failed(String reason) implements FieldConversion {
    @Override
    public Optional<Object> value() {
      return Optional.empty();
    }
  }
}
