package io.contactsplatform.contactservice.search;

import io.contactsplatform.contactservice.dncview.DncState;
import com.mongodb.client.model.Filters;
import io.contactsplatform.support.customfield.CustomFieldType;
import io.contactsplatform.contactservice.search.SearchField.Kind;
import io.contactsplatform.support.contact.ContactLimits;
import io.contactsplatform.support.phone.PhoneNumbers;
import io.contactsplatform.support.web.ApiException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.bson.conversions.Bson;

/**
 * Compiles the JSON filter language into a MongoDB query, validating as it goes. A node is a
 * condition {@code {"field", "op", "value"}} or a group {@code {"all": [...]}} / {@code {"any": [...]}}
 * (groups nest). An unknown field, an operator that does not fit the field's kind, or a value of
 * the wrong type is a 400 whose detail names the node's path ({@code filter.all[1].value}).
 *
 * <p>Semantics: TEXT compares ignoring case; KEYWORD exactly; PHONE values in any format are
 * compared as E.164 ({@code contains}/{@code starts_with} on its digits); TAGS {@code eq} = has the
 * tag, {@code in} = has any, {@code nin} = has none; {@code dnc eq true} = blocked workspace-wide
 * now; {@code between} is inclusive; {@code neq}/{@code nin} also match contacts without a value
 * (MongoDB semantics); {@code present}/{@code absent} take no value. DATETIME values are ISO-8601
 * instants or dates (midnight UTC). A text value containing a NUL character or longer than
 * {@link ContactLimits#CUSTOM_FIELD_VALUE} is a 400 naming its path: list, search, segments (on
 * save, so a stored filter always compiles), bulk actions and export all compile here.
 */
final class ContactFilter {

  private static final int MAX_VALUES = 1000;
  private static final int MAX_DEPTH = 8;
  /** Conditions or groups in one {@code all}/{@code any} (a 1 MiB body held 20,000 and was evaluated). */
  static final int MAX_GROUP_SIZE = 100;

  private final FieldCatalog catalog;
  private final Instant now;
  private final Set<String> customFieldsUsed = new LinkedHashSet<>();
  private boolean statusUsed;

  ContactFilter(FieldCatalog catalog, Instant now) {
    this.catalog = catalog;
    this.now = now;
  }

  /** The query for {@code node} (null node: no condition). */
  Bson compile(Object node) {
    return node == null ? null : node(node, "filter", 0);
  }

  Set<String> customFieldsUsed() {
    return customFieldsUsed;
  }

  boolean statusUsed() {
    return statusUsed;
  }

  private Bson node(Object node, String path, int depth) {
    if (!(node instanceof Map<?, ?> map)) {
      throw bad(path, "must be an object: a condition {field, op, value} or a group {all: [...]} / {any: [...]}");
    }
    if (depth > MAX_DEPTH) {
      throw bad(path, "nested deeper than " + MAX_DEPTH + " levels");
    }
    boolean all = map.containsKey("all");
    boolean any = map.containsKey("any");
    boolean condition = map.containsKey("field");
    if ((all ? 1 : 0) + (any ? 1 : 0) + (condition ? 1 : 0) != 1) {
      throw bad(path, "must have exactly one of 'field', 'all' or 'any'");
    }
    if (!condition) {
      String group = all ? "all" : "any";
      if (map.size() != 1) {
        throw bad(path, "a group has only '" + group + "'");
      }
      if (!(map.get(group) instanceof List<?> children) || children.isEmpty()) {
        throw bad(path + "." + group, "must be a non-empty list of conditions or groups");
      }
      if (children.size() > MAX_GROUP_SIZE) {
        throw bad(path + "." + group, "at most " + MAX_GROUP_SIZE + " conditions or groups (got " + children.size()
            + "); use 'in' for many values of one field");
      }
      List<Bson> compiled = new ArrayList<>();
      for (int i = 0; i < children.size(); i++) {
        compiled.add(node(children.get(i), path + "." + group + "[" + i + "]", depth + 1));
      }
      return compiled.size() == 1 ? compiled.get(0) : all ? Filters.and(compiled) : Filters.or(compiled);
    }
    for (Object key : map.keySet()) {
      if (!Set.of("field", "op", "value").contains(key)) {
        throw bad(path + "." + key, "unknown member (a condition has field, op, value)");
      }
    }
    return condition(map, path);
  }

  private Bson condition(Map<?, ?> map, String path) {
    Object rawField = map.get("field");
    SearchField field = rawField instanceof String name ? catalog.field(name) : null;
    if (field == null) {
      throw bad(path + ".field", "unknown field '" + rawField + "' (standard fields: "
          + String.join(", ", FieldCatalog.standardNames()) + ", or cf:<key> of a defined custom field)");
    }
    if (field.name().startsWith("cf:")) {
      customFieldsUsed.add(field.name().substring(3));
    }
    if (field.name().equals("status")) {
      statusUsed = true;
    }
    Object rawOp = map.get("op");
    String op = rawOp instanceof String s ? s.toLowerCase(Locale.ROOT) : null;
    if (op == null || !field.kind().operators.contains(op)) {
      throw bad(path + ".op", "operator '" + rawOp + "' does not apply to " + field.name() + " ("
          + field.kind().name().toLowerCase(Locale.ROOT) + "; allowed: " + String.join(", ",
          field.kind().operators.stream().sorted().toList()) + ")");
    }
    String valuePath = path + ".value";
    Object value = map.get("value");
    if (op.equals("present") || op.equals("absent")) {
      if (value != null) {
        throw bad(valuePath, "'" + op + "' takes no value");
      }
      return presence(field, op.equals("present"));
    }
    if (field.kind() == Kind.DNC) {
      return dnc(op, bool(value, valuePath));
    }
    return switch (op) {
      case "eq" -> eq(field, value(field, value, valuePath));
      case "neq" -> Filters.nor(eq(field, value(field, value, valuePath)));
      case "in" -> Filters.in(field.path(), matchers(field, values(field, value, valuePath)));
      case "nin" -> Filters.nin(field.path(), matchers(field, values(field, value, valuePath)));
      case "contains" -> Filters.regex(field.path(), Pattern.compile(Pattern.quote(text(field, value, valuePath)),
          caseFlag(field)));
      case "starts_with" -> Filters.regex(field.path(), Pattern.compile("^" + Pattern.quote(text(field, value, valuePath)),
          caseFlag(field)));
      case "gt" -> Filters.gt(field.path(), value(field, value, valuePath));
      case "gte" -> Filters.gte(field.path(), value(field, value, valuePath));
      case "lt" -> Filters.lt(field.path(), value(field, value, valuePath));
      case "lte" -> Filters.lte(field.path(), value(field, value, valuePath));
      case "between" -> {
        if (!(value instanceof List<?> bounds) || bounds.size() != 2) {
          throw bad(valuePath, "'between' takes [low, high]");
        }
        yield Filters.and(Filters.gte(field.path(), value(field, bounds.get(0), valuePath + "[0]")),
            Filters.lte(field.path(), value(field, bounds.get(1), valuePath + "[1]")));
      }
      default -> throw bad(path + ".op", "unknown operator '" + op + "'");
    };
  }

  private Bson eq(SearchField field, Object value) {
    return Filters.eq(field.path(), matchers(field, List.of(value)).get(0));
  }

  /** TEXT values become case-insensitive whole-value patterns; others match as they are. */
  private static List<Object> matchers(SearchField field, List<Object> values) {
    if (field.kind() != Kind.TEXT) {
      return values;
    }
    return values.stream()
        .<Object>map(v -> Pattern.compile("^" + Pattern.quote((String) v) + "$", Pattern.CASE_INSENSITIVE))
        .toList();
  }

  private static Bson presence(SearchField field, boolean present) {
    if (field.kind() == Kind.TAGS) {
      return Filters.exists(field.path() + ".0", present);
    }
    return present ? Filters.and(Filters.exists(field.path()), Filters.ne(field.path(), null))
        : Filters.eq(field.path(), null);
  }

  private Bson dnc(String op, boolean wanted) {
    boolean blocked = op.equals("eq") == wanted;
    Bson blockedNow = DncState.blockedQuery(now);
    return blocked ? blockedNow : Filters.nor(blockedNow);
  }

  private List<Object> values(SearchField field, Object value, String path) {
    if (!(value instanceof List<?> list) || list.isEmpty()) {
      throw bad(path, "must be a non-empty list");
    }
    if (list.size() > MAX_VALUES) {
      throw bad(path, "at most " + MAX_VALUES + " values");
    }
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      values.add(value(field, list.get(i), path + "[" + i + "]"));
    }
    return values;
  }

  /** A scalar value converted to what the field stores. */
  private Object value(SearchField field, Object value, String path) {
    checkText(value, path);
    if (value == null || value instanceof List<?> || value instanceof Map<?, ?>) {
      throw bad(path, "must be a single " + expected(field));
    }
    return switch (field.kind()) {
      case TEXT, KEYWORD, TAGS -> {
        if (!(value instanceof String s)) {
          throw bad(path, "must be text");
        }
        yield field.name().equals("country") ? s.toUpperCase(Locale.ROOT) : s;
      }
      case PHONE -> {
        if (!(value instanceof String s)) {
          throw bad(path, "must be a phone number (text)");
        }
        yield PhoneNumbers.toE164(s, "US").orElseThrow(() -> bad(path, "'" + s + "' is not a valid phone number"));
      }
      case ENUM -> {
        if (!(value instanceof String s)) {
          throw bad(path, "must be one of " + field.allowedValues());
        }
        yield field.allowedValues().stream().filter(v -> v.equalsIgnoreCase(s)).findFirst()
            .orElseThrow(() -> bad(path, "'" + s + "' is not one of " + field.allowedValues()));
      }
      case BOOLEAN -> bool(value, path);
      case NUMBER -> {
        if (!(value instanceof Number)) {
          throw bad(path, "must be a number");
        }
        yield number((Number) value, path);
      }
      case DATE -> {
        Optional<Object> date = value instanceof String ? CustomFieldType.DATE.convert(value, List.of()).value() : Optional.empty();
        yield date.orElseThrow(() -> bad(path, "must be an ISO-8601 date (yyyy-MM-dd)"));
      }
      case DATETIME -> Date.from(instant(value, path));
      case DNC -> bool(value, path);
    };
  }

  private static Object number(Number n, String path) {
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
      return n.longValue();
    }
    if (n instanceof BigInteger || n instanceof BigDecimal) {
      return CustomFieldType.NUMBER.convert(n, List.of()).value().orElseThrow(() -> bad(path, "number out of range"));
    }
    double d = n.doubleValue();
    if (!Double.isFinite(d)) {
      throw bad(path, "must be a finite number");
    }
    return d;
  }

  private static boolean bool(Object value, String path) {
    if (!(value instanceof Boolean b)) {
      throw bad(path, "must be true or false");
    }
    return b;
  }

  private static Instant instant(Object value, String path) {
    if (value instanceof String s) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e) {
        try {
          return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e2) {
          // fall through
        }
      }
    }
    throw bad(path, "must be an ISO-8601 instant (2026-11-26T09:00:00Z) or date (2026-11-26)");
  }

  private String text(SearchField field, Object value, String path) {
    checkText(value, path);
    if (!(value instanceof String s) || s.isEmpty()) {
      throw bad(path, "must be non-empty text");
    }
    if (field.kind() == Kind.PHONE) {
      String digits = s.replaceAll("[^0-9]", "");
      if (digits.isEmpty()) {
        throw bad(path, "must contain digits");
      }
      return s.trim().startsWith("+") ? "+" + digits : digits;
    }
    return s;
  }

  /**
   * Every text value of a filter is checked here, once, before it is used: no NUL character (it
   * cannot be part of a store pattern) and at most {@link ContactLimits#CUSTOM_FIELD_VALUE}
   * characters (the longest value a field holds).
   */
  private static void checkText(Object value, String path) {
    if (value instanceof String s) {
      if (s.indexOf('\u0000') >= 0) {
        throw bad(path, "contains a NUL character");
      }
      String tooLong = ContactLimits.tooLong(path, s, ContactLimits.CUSTOM_FIELD_VALUE);
      if (tooLong != null) {
        throw ApiException.badRequest(tooLong);
      }
    }
  }

  private static int caseFlag(SearchField field) {
    return field.kind() == Kind.TEXT || field.kind() == Kind.TAGS ? Pattern.CASE_INSENSITIVE : 0;
  }

  private static String expected(SearchField field) {
    return switch (field.kind()) {
      case NUMBER -> "number";
      case BOOLEAN, DNC -> "boolean";
      case DATE -> "date";
      case DATETIME -> "instant";
      default -> "text value";
    };
  }

  static ApiException bad(String path, String message) {
    return ApiException.badRequest(path + ": " + message);
  }
}
