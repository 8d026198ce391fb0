package io.contactsplatform.contactservice.customfield;

import io.contactsplatform.support.customfield.CustomFieldType;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A workspace's custom field: {@code key} (snake_case, unique, immutable; addressed as
 * {@code cf:<key>}), label, type (ENUM with its allowed values), required, default (stored
 * converted to the type), owner (mandatory) and description.
 */
public record CustomFieldDefinition(
    String key,
    String label,
    CustomFieldType type,
    List<String> allowedValues,
    boolean required,
    @JsonProperty("default") Object defaultValue,
    String owner,
    String description,
    Instant createdAt,
    Instant updatedAt) {

  public CustomFieldDefinition {
    allowedValues = allowedValues == null ? List.of() : List.copyOf(allowedValues);
  }

  /** {@code cf:<key>}, the name used in filters, errors and exports. */
  public String qualifiedName() {
    return "cf:" + key;
  }
}
