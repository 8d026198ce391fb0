package io.contactsplatform.importservice.importjob;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a CSV column can be mapped to. {@link #CUSTOM_FIELD} stands for every {@code cf:<key>}
 * target; {@link ColumnTarget} carries its key.
 */
public enum MappingTarget {
  PHONE("phone"),
  FIRST_NAME("first_name"),
  LAST_NAME("last_name"),
  EMAIL("email"),
  COMPANY("company"),
  COUNTRY("country"),
  TIMEZONE("timezone"),
  TAGS("tags"),
  EXTERNAL_ID("external_id"),
  CUSTOM_FIELD("cf:<key>"),
  SKIP("skip");

  private final String id;

  MappingTarget(String id) {
    this.id = id;
  }

  /** The name used in the API, e.g. {@code first_name}. */
  public String id() {
    return id;
  }

  /** True when several columns may map to this target (their values are combined or ignored). */
  boolean repeatable() {
    return this == TAGS || this == SKIP;
  }

  static Optional<MappingTarget> fromId(String id) {
    return Arrays.stream(values()).filter(t -> t != CUSTOM_FIELD && t.id.equals(id)).findFirst();
  }
}
