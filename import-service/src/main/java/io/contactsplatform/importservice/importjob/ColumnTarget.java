package io.contactsplatform.importservice.importjob;

/** The target of one column: a standard target, or a custom field with its key. */
public record ColumnTarget(MappingTarget kind, String customFieldKey) {

  static final String CUSTOM_FIELD_PREFIX = "cf:";
  static final ColumnTarget SKIP = new ColumnTarget(MappingTarget.SKIP, null);

  static ColumnTarget of(MappingTarget kind) {
    return new ColumnTarget(kind, null);
  }

  static ColumnTarget customField(String key) {
    return new ColumnTarget(MappingTarget.CUSTOM_FIELD, key);
  }

  /** The API name: {@code phone}, {@code cf:plan}, … */
  public String id() {
    return kind == MappingTarget.CUSTOM_FIELD ? CUSTOM_FIELD_PREFIX + customFieldKey : kind.id();
  }
}
