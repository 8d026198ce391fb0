package io.contactsplatform.importservice.customfield;

import io.contactsplatform.support.customfield.CustomFieldType;
import io.contactsplatform.support.customfield.FieldConversion;
import java.util.List;

/**
 * A workspace's custom field as import-service needs it (read from contact-service): key, label,
 * type, whether it is required, ENUM's allowed values and the default. {@link #convert} turns a
 * cell into the typed value sent on contact-upserts by the one rule every service uses
 * ({@link CustomFieldType#convert}).
 */
public record CustomFieldDefinition(String key, String label, CustomFieldType type, boolean required,
                                    List<String> allowedValues, String defaultValue) {

  public CustomFieldDefinition {
    allowedValues = allowedValues == null ? List.of() : List.copyOf(allowedValues);
  }

  /** The typed value, or a {@link FieldConversion.Failed} saying why the text does not fit. */
  public FieldConversion convert(String text) {
    return type.convert(text, allowedValues);
  }
}
