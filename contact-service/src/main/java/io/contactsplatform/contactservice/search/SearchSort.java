package io.contactsplatform.contactservice.search;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.contactsplatform.support.web.ApiException;
import io.contactsplatform.support.web.CursorPage;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Sort order and keyset cursors. Results are ordered by one field then {@code _id}, a total
 * order, and a cursor carries the last item's sort value and id, so the next page starts right
 * after it whatever was inserted, changed or deleted meanwhile: items that do not move are never
 * repeated or skipped (an item whose sort value changes moves with it; createdAt, the default,
 * never changes). Nulls sort first ascending and last descending, as in MongoDB. Text sorts by
 * code point (no collation on the embedded store).
 */
record SearchSort(SearchField field, boolean descending) {

  static final String DEFAULT_FIELD = "createdAt";

  /** {@code "lastName"}, {@code "-lastName"} or {@code {"field": "lastName", "direction": "desc"}}; null = createdAt. */
  static SearchSort parse(Object raw, FieldCatalog catalog) {
    String name;
    boolean descending = false;
    if (raw == null) {
      name = DEFAULT_FIELD;
    } else if (raw instanceof String s) {
      descending = s.startsWith("-");
      name = descending ? s.substring(1) : s;
    } else if (raw instanceof Map<?, ?> map && map.get("field") instanceof String f) {
      name = f;
      Object direction = map.get("direction");
      if (direction != null) {
        String d = direction.toString().toLowerCase(Locale.ROOT);
        if (!d.equals("asc") && !d.equals("desc")) {
          throw ApiException.badRequest("sort.direction: must be asc or desc");
        }
        descending = d.equals("desc");
      }
    } else {
      throw ApiException.badRequest("sort: must be a field name (prefix '-' for descending) or {field, direction}");
    }
    SearchField field = catalog.field(name);
    if (field == null) {
      throw ApiException.badRequest("sort: unknown field '" + name + "'");
    }
    if (!field.kind().sortable()) {
      throw ApiException.badRequest("sort: cannot sort by " + name);
    }
    return new SearchSort(field, descending);
  }

  String key() {
    return (descending ? "-" : "") + field.name();
  }

  Bson order() {
    return descending ? Sorts.descending(field.path(), "_id") : Sorts.ascending(field.path(), "_id");
  }

  /** The sort value of a stored document, for the cursor. */
  Object valueOf(Document document) {
    Object value = document;
    for (String part : field.path().split("\\.")) {
      value = value instanceof Document d ? d.get(part) : null;
    }
    return value;
  }

  /** Items strictly after (value, id) in this order. */
  Bson after(Object value, String id) {
    String path = field.path();
    if (!descending) {
      return value == null
          ? Filters.or(Filters.and(Filters.eq(path, null), Filters.gt("_id", id)), Filters.ne(path, null))
          : Filters.or(Filters.gt(path, value), Filters.and(Filters.eq(path, value), Filters.gt("_id", id)));
    }
    return value == null
        ? Filters.and(Filters.eq(path, null), Filters.lt("_id", id))
        : Filters.or(Filters.lt(path, value), Filters.and(Filters.eq(path, value), Filters.lt("_id", id)),
            Filters.eq(path, null));
  }

  /** Opaque cursor for the item with this sort value and id. */
  String cursor(Object value, String id) {
    String typed;
    if (value == null) {
      typed = "n:";
    } else if (value instanceof Long || value instanceof Integer) {
      typed = "l:" + value;
    } else if (value instanceof Double) {
      typed = "d:" + value;
    } else if (value instanceof Boolean) {
      typed = "b:" + value;
    } else if (value instanceof Date d) {
      typed = "t:" + d.getTime();
    } else {
      typed = "s:" + value;
    }
    String plain = key() + "\n" + id + "\n" + typed;
    return CursorPage.encodeCursor(plain);
  }

  /** The (value, id) a cursor stands for; 400 when it is not one of ours or was made for another sort. */
  Map.Entry<Object, String> decode(String cursor) {
    String plain = CursorPage.decodeCursor(cursor);
    String[] parts = plain.split("\n", 3);
    if (parts.length != 3 || parts[2].length() < 2 || parts[2].charAt(1) != ':') {
      throw CursorPage.invalidCursor();
    }
    if (!parts[0].equals(key())) {
      throw ApiException.badRequest("cursor: issued for sort '" + parts[0] + "', not '" + key() + "'");
    }
    String raw = parts[2].substring(2);
    try {
      Object value = switch (parts[2].charAt(0)) {
        case 'n' -> null;
        case 's' -> raw;
        case 'l' -> Long.parseLong(raw);
        case 'd' -> Double.parseDouble(raw);
        case 'b' -> Boolean.parseBoolean(raw);
        case 't' -> new Date(Long.parseLong(raw));
        default -> throw CursorPage.invalidCursor();
      };
      return new java.util.AbstractMap.SimpleImmutableEntry<>(value, parts[1]);
    } catch (NumberFormatException e) {
      throw CursorPage.invalidCursor();
    }
  }
}
