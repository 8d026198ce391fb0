package io.contactsplatform.resolver.campaign;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Where an agent variable takes its campaign-mapped value from: a standard contact field
 * ({@code contact.<field>}), a custom field ({@code cf.<key>}; {@code cf:<key>} is accepted and
 * normalised), or a column of the campaign's audience row ({@code audience.<column>}, matched
 * exactly, else ignoring case and surrounding blanks).
 *
 * @param kind which source
 * @param key  the field name, custom field key or column header
 */
public record Binding(Kind kind, String key) {

  /** The sources a binding can name. */
  public enum Kind { CONTACT, CUSTOM_FIELD, AUDIENCE }

  /** Standard contact fields a {@code contact.<field>} binding may name. */
  public static final List<String> CONTACT_FIELDS = List.of("first_name", "last_name", "email", "company",
      "country", "timezone", "phone", "external_id", "tags");

  static final Pattern SNAKE_CASE = Pattern.compile("^[a-z][a-z0-9_]{0,63}$");

  /**
   * Parses a binding; {@code null} stays {@code null} (no campaign mapping).
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
    if (text.startsWith("audience.")) {
      String column = text.substring("audience.".length());
      if (column.isBlank()) {
        throw new IllegalArgumentException("audience binding names no column");
      }
      return new Binding(Kind.AUDIENCE, column);
    }
    throw new IllegalArgumentException("unknown binding '" + text
        + "' (use contact.<field>, cf.<key>, audience.<column> or null)");
  }

  /** The canonical text form, e.g. {@code contact.first_name}, {@code cf.plan}, {@code audience.Plan}. */
  @Override
  public String toString() {
    return switch (kind) {
      case CONTACT -> "contact." + key;
      case CUSTOM_FIELD -> "cf." + key;
      case AUDIENCE -> "audience." + key;
    };
  }
}
