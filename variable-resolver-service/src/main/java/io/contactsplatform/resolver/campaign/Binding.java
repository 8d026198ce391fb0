package io.contactsplatform.resolver.campaign;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Where an agent variable takes its campaign-mapped value from: a standard contact field
 * ({@code contact.<field>}), a custom field ({@code cf.<key>}; {@code cf:<key>} is accepted and
 * normalised), a column of the number's audience row ({@code row.<header>}, matched exactly, else
 * ignoring case and surrounding blanks; the older {@code audience.<header>} is accepted), or a
 * static value ({@code static}, the value itself in {@link #key}).
 *
 * @param kind which source
 * @param key  the field name, custom field key, column header, or the static value
 */
public record Binding(Kind kind, String key) {

  /** The sources a binding can name. */
  public enum Kind { CONTACT, CUSTOM_FIELD, ROW, STATIC }

  /** Text form of a static binding. */
  public static final String STATIC = "static";

  /** Standard contact fields a {@code contact.<field>} binding may name. */
  public static final List<String> CONTACT_FIELDS = List.of("first_name", "last_name", "email", "company",
      "country", "timezone", "phone", "external_id", "tags");

  static final Pattern SNAKE_CASE = Pattern.compile("^[a-z][a-z0-9_]{0,63}$");

  /** A binding to a fixed value. */
  public static Binding staticValue(String value) {
    return new Binding(Kind.STATIC, value);
  }

  /**
   * Parses a binding other than {@code static}; {@code null} stays {@code null} (no campaign mapping).
   *
   * @throws IllegalArgumentException naming what is wrong with the text
   */
  public static Binding parse(String text) {
    if (text == null) {
      return null;
    }
    if (text.startsWith("contact.")) {
      String field = text.substring("contact.".length());
      if (!CONTACT_FIELDS.contains(field)) {
        throw new IllegalArgumentException("unknown contact field '" + field + "' (one of "
            + String.join(", ", CONTACT_FIELDS) + ")");
      }
      return new Binding(Kind.CONTACT, field);
    }
    if (text.startsWith("cf.") || text.startsWith("cf:")) {
      String key = text.substring(3);
      if (!SNAKE_CASE.matcher(key).matches()) {
        throw new IllegalArgumentException("custom field key '" + key + "' is not snake_case");
      }
      return new Binding(Kind.CUSTOM_FIELD, key);
    }
    for (String prefix : List.of("row.", "audience.")) {
      if (text.startsWith(prefix)) {
        String column = text.substring(prefix.length());
        if (column.isBlank()) {
          throw new IllegalArgumentException("row binding names no column");
        }
        return new Binding(Kind.ROW, column);
      }
    }
    if (STATIC.equals(text)) {
      throw new IllegalArgumentException("a static binding needs its value in 'value'");
    }
    throw new IllegalArgumentException("unknown binding '" + text
        + "' (use contact.<field>, cf.<key>, row.<header>, static with a value, or null)");
  }

  /** The canonical text form, e.g. {@code contact.first_name}, {@code cf.plan}, {@code row.Plan}, {@code static}. */
  @Override
  public String toString() {
    return switch (kind) {
      case CONTACT -> "contact." + key;
      case CUSTOM_FIELD -> "cf." + key;
      case ROW -> "row." + key;
      case STATIC -> STATIC;
    };
  }
}
