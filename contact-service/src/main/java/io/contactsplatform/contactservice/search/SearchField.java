package io.contactsplatform.contactservice.search;

import java.util.List;
import java.util.Set;

/**
 * A field the filter language knows: its name ({@code firstName}, {@code cf:plan}), where it
 * lives in the contact document, and its kind, which decides the operators and values it takes.
 */
record SearchField(String name, String path, Kind kind, List<String> allowedValues) {

  /** Field kinds and the operators each accepts. */
  enum Kind {
    /** Person-facing text, compared ignoring case. */
    TEXT(Set.of("eq", "neq", "in", "nin", "contains", "starts_with", "present", "absent")),
    /** Identifiers and codes, compared exactly. */
    KEYWORD(Set.of("eq", "neq", "in", "nin", "contains", "starts_with", "present", "absent")),
    /** The phone: values in any format, compared as E.164. */
    PHONE(Set.of("eq", "neq", "in", "nin", "contains", "starts_with", "present", "absent")),
    ENUM(Set.of("eq", "neq", "in", "nin", "present", "absent")),
    TAGS(Set.of("eq", "neq", "in", "nin", "contains", "starts_with", "present", "absent")),
    BOOLEAN(Set.of("eq", "neq", "present", "absent")),
    /** Blocked workspace-wide on the DNC list, now. */
    DNC(Set.of("eq", "neq")),
    NUMBER(Set.of("eq", "neq", "in", "nin", "gt", "gte", "lt", "lte", "between", "present", "absent")),
    /** A calendar date, stored as {@code yyyy-MM-dd}. */
    DATE(Set.of("eq", "neq", "in", "nin", "gt", "gte", "lt", "lte", "between", "present", "absent")),
    /** An instant (createdAt, updatedAt). */
    DATETIME(Set.of("eq", "neq", "gt", "gte", "lt", "lte", "between", "present", "absent"));

    final Set<String> operators;

    Kind(Set<String> operators) {
      this.operators = operators;
    }

    boolean sortable() {
      return this != TAGS && this != DNC;
    }
  }

  SearchField {
    allowedValues = allowedValues == null ? List.of() : List.copyOf(allowedValues);
  }
}
