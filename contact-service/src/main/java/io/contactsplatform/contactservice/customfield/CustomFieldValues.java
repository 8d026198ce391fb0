package io.contactsplatform.contactservice.customfield;

import io.contactsplatform.support.customfield.FieldConversion;
import io.contactsplatform.support.contact.ContactLimits;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks custom field values against a workspace's definitions; used by every write path (API
 * create and patch, upserts, bulk SET_FIELDS). Values are converted to their stored type;
 * blank text counts as no value; a value is at most {@link ContactLimits#CUSTOM_FIELD_VALUE}
 * characters whatever its type. A violation names the field ({@code cf:<key>}).
 */
public final class CustomFieldValues {

  private CustomFieldValues() {
  }

  /** A value that does not fit its definition, or a field that is not defined. */
  public static final class Violation extends RuntimeException {

    private final String field;
    private final boolean tooLong;

    public Violation(String field, String message) {
      this(field, message, false);
    }

    private Violation(String field, String message, boolean tooLong) {
      super(field + ": " + message);
      this.field = field;
      this.tooLong = tooLong;
    }

    public String field() {
      return field;
    }

    /** Whether the value is over {@link ContactLimits#CUSTOM_FIELD_VALUE} (rather than of the wrong kind). */
    public boolean tooLong() {
      return tooLong;
    }
  }

  /**
   * Values for a new contact: each given value converted, then every missing field with a
   * default gets it; a required field still missing is a violation.
   */
  public static Map<String, Object> forNewContact(Map<String, ?> raw, Map<String, CustomFieldDefinition> definitions) {
    Map<String, Object> values = convertAll(raw, definitions);
    for (CustomFieldDefinition definition : definitions.values()) {
      if (!values.containsKey(definition.key())) {
        if (definition.defaultValue() != null) {
          values.put(definition.key(), definition.defaultValue());
        } else if (definition.required()) {
          throw new Violation(definition.qualifiedName(), "required");
        }
      }
    }
    return values;
  }

  /**
   * Applies a partial change to {@code current}: a value sets the field, {@code null} (or blank)
   * clears it, refused for a required field.
   */
  public static Map<String, Object> patch(Map<String, Object> current, Map<String, ?> changes,
                                          Map<String, CustomFieldDefinition> definitions) {
    Map<String, Object> values = new LinkedHashMap<>(current);
    changes.forEach((rawKey, raw) -> {
      String key = unqualified(rawKey);
      CustomFieldDefinition definition = definition(key, definitions);
      Object converted = convert(definition, raw);
      if (converted == null) {
        if (definition.required()) {
          throw new Violation(definition.qualifiedName(), "required, cannot be cleared");
        }
        values.remove(key);
      } else {
        values.put(key, converted);
      }
    });
    return values;
  }

  /** Every non-blank value converted; unknown keys and unfit values are violations. */
  public static Map<String, Object> convertAll(Map<String, ?> raw, Map<String, CustomFieldDefinition> definitions) {
    Map<String, Object> values = new LinkedHashMap<>();
    if (raw != null) {
      raw.forEach((rawKey, value) -> {
        String key = unqualified(rawKey);
        Object converted = convert(definition(key, definitions), value);
        if (converted != null) {
          values.put(key, converted);
        }
      });
    }
    return values;
  }

  /** The stored value, {@code null} for no value (null or blank); a violation when it does not fit. */
  public static Object convert(CustomFieldDefinition definition, Object raw) {
    if (raw == null || raw instanceof String s && s.isBlank()) {
      return null;
    }
    if (raw instanceof String s && s.length() > ContactLimits.CUSTOM_FIELD_VALUE) {
      int length = ContactLimits.length(s.trim());
      if (length > ContactLimits.CUSTOM_FIELD_VALUE) {
        throw new Violation(definition.qualifiedName(), "at most " + ContactLimits.CUSTOM_FIELD_VALUE
            + " characters (got " + length + ")", true);
      }
    }
    FieldConversion conversion = definition.type().convert(raw, definition.allowedValues());
    if (conversion instanceof FieldConversion.Failed failed) {
      throw new Violation(definition.qualifiedName(), failed.reason());
    }
    return ((FieldConversion.Converted) conversion).converted();
  }

  /** {@code cf:plan} or {@code plan} → {@code plan}. */
  public static String unqualified(String key) {
    return key != null && key.startsWith("cf:") ? key.substring(3) : key;
  }

  private static CustomFieldDefinition definition(String key, Map<String, CustomFieldDefinition> definitions) {
    CustomFieldDefinition definition = definitions.get(key);
    if (definition == null) {
      throw new Violation("cf:" + key, "no such custom field in this workspace");
    }
    return definition;
  }
}
