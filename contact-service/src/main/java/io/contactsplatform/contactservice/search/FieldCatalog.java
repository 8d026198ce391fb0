package io.contactsplatform.contactservice.search;

import io.contactsplatform.contactservice.customfield.CustomFieldDefinition;
import io.contactsplatform.contactservice.search.SearchField.Kind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of one workspace's filter language: every standard field, {@code tags}, {@code dnc}
 * (blocked workspace-wide), {@code timezoneSource}, {@code createdAt}/{@code updatedAt}, and
 * {@code cf:<key>} for each custom field definition with its type.
 */
final class FieldCatalog {

  private static final Map<String, SearchField> STANDARD = standard();

  private final Map<String, CustomFieldDefinition> definitions;

  FieldCatalog(Map<String, CustomFieldDefinition> definitions) {
    this.definitions = definitions;
  }

  /** The field, or null when the workspace has no such field. */
  SearchField field(String name) {
    if (name == null) {
      return null;
    }
    if (name.startsWith("cf:")) {
      CustomFieldDefinition d = definitions.get(name.substring(3));
      if (d == null) {
        return null;
      }
      Kind kind = switch (d.type()) {
        case TEXT -> Kind.TEXT;
        case NUMBER -> Kind.NUMBER;
        case BOOLEAN -> Kind.BOOLEAN;
        case DATE -> Kind.DATE;
        case ENUM -> Kind.ENUM;
      };
      return new SearchField(name, "customFields." + d.key(), kind, d.allowedValues());
    }
    return STANDARD.get(name);
  }

  static List<String> standardNames() {
    return List.copyOf(STANDARD.keySet());
  }

  private static Map<String, SearchField> standard() {
    Map<String, SearchField> f = new LinkedHashMap<>();
    add(f, "id", "_id", Kind.KEYWORD);
    add(f, "phone", "phoneE164", Kind.PHONE);
    add(f, "phoneExtension", "phoneExtension", Kind.KEYWORD);
    add(f, "externalId", "externalId", Kind.KEYWORD);
    add(f, "firstName", "firstName", Kind.TEXT);
    add(f, "lastName", "lastName", Kind.TEXT);
    add(f, "email", "email", Kind.TEXT);
    add(f, "company", "company", Kind.TEXT);
    add(f, "country", "country", Kind.KEYWORD);
    add(f, "timezone", "timezone", Kind.KEYWORD);
    f.put("timezoneSource", new SearchField("timezoneSource", "timezoneSource", Kind.ENUM,
        List.of("PROVIDED", "INFERRED_FROM_PHONE", "DEFAULT", "UNKNOWN")));
    add(f, "tags", "tags", Kind.TAGS);
    add(f, "doNotCall", "doNotCall", Kind.BOOLEAN);
    add(f, "dnc", "dnc", Kind.DNC);
    add(f, "source", "source", Kind.KEYWORD);
    f.put("status", new SearchField("status", "status", Kind.ENUM, List.of("ACTIVE", "ARCHIVED")));
    add(f, "createdAt", "createdAt", Kind.DATETIME);
    add(f, "updatedAt", "updatedAt", Kind.DATETIME);
    return java.util.Collections.unmodifiableMap(f);
  }

  private static void add(Map<String, SearchField> map, String name, String path, Kind kind) {
    map.put(name, new SearchField(name, path, kind, List.of()));
  }
}
