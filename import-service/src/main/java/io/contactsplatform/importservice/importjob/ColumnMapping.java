package io.contactsplatform.importservice.importjob;

import io.contactsplatform.importservice.customfield.CustomFieldDefinition;
import io.contactsplatform.support.web.ApiException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which target each column of a file maps to, by column position (so duplicate header names
 * stay unambiguous). Built from an operator's mapping (header → target) or suggested from the
 * headers (synonyms, then custom field keys and labels), and always validated: every named
 * column exists, every {@code cf:<key>} is a custom field of the workspace, no two columns share
 * a target (tags and skip aside), one column maps to phone. A violation is a 422 problem whose
 * detail and {@code columns} member name the offending columns. Immutable.
 */
public final class ColumnMapping {

  private static final Map<String, MappingTarget> SYNONYMS = synonyms();

  private final List<String> headers;
  private final List<ColumnTarget> targets;

  private ColumnMapping(List<String> headers, List<ColumnTarget> targets) {
    this.headers = List.copyOf(headers);
    this.targets = List.copyOf(targets);
  }

  /** The suggested mapping for these headers, validated (422 when it has no phone or clashes). */
  public static ColumnMapping suggest(List<String> headers) {
    return suggest(headers, Map.of());
  }

  /** The suggested mapping, also matching custom fields (key → definition) by key or label. */
  public static ColumnMapping suggest(List<String> headers, Map<String, CustomFieldDefinition> customFields) {
    ColumnMapping mapping = suggestUnchecked(headers, customFields);
    mapping.validate(new Problems("suggested mapping: ", "; send an explicit mapping in options"));
    return mapping;
  }

  /** The suggested mapping without validation (a preview shows it even when it lacks a phone). */
  public static ColumnMapping suggestUnchecked(List<String> headers, Map<String, CustomFieldDefinition> customFields) {
    Map<String, String> byName = new LinkedHashMap<>();
    customFields.values().forEach(d -> {
      byName.putIfAbsent(normalise(d.key()), d.key());
      if (d.label() != null) {
        byName.putIfAbsent(normalise(d.label()), d.key());
      }
    });
    List<ColumnTarget> targets = new ArrayList<>();
    for (String header : headers) {
      MappingTarget standard = suggestFor(header);
      targets.add(standard != MappingTarget.SKIP ? ColumnTarget.of(standard)
          : byName.containsKey(normalise(header)) ? ColumnTarget.customField(byName.get(normalise(header)))
          : ColumnTarget.SKIP);
    }
    return new ColumnMapping(headers, targets);
  }

  /** True when the operator's mapping names a {@code cf:} target (so definitions are needed). */
  public static boolean namesCustomFields(Map<String, String> requested) {
    return requested != null && requested.values().stream()
        .anyMatch(t -> t != null && t.trim().toLowerCase(Locale.ROOT).startsWith(ColumnTarget.CUSTOM_FIELD_PREFIX));
  }

  /** The operator's mapping for a workspace without custom fields. */
  public static ColumnMapping of(List<String> headers, Map<String, String> requested) {
    return of(headers, requested, Map.of());
  }

  /**
   * The operator's mapping (header → target id) applied to these headers, validated; columns it
   * does not name are skipped. {@code customFields} are the workspace's definitions by key.
   */
  public static ColumnMapping of(List<String> headers, Map<String, String> requested,
                                 Map<String, CustomFieldDefinition> customFields) {
    Problems problems = new Problems("mapping: ", "");
    List<ColumnTarget> targets = new ArrayList<>(headers.stream().map(h -> ColumnTarget.SKIP).toList());
    requested.forEach((column, rawTarget) -> {
      String name = column == null ? "" : column.trim();
      String targetId = rawTarget == null ? "" : rawTarget.trim();
      ColumnTarget target;
      if (targetId.toLowerCase(Locale.ROOT).startsWith(ColumnTarget.CUSTOM_FIELD_PREFIX)) {
        String key = targetId.substring(ColumnTarget.CUSTOM_FIELD_PREFIX.length()).trim();
        if (!customFields.containsKey(key)) {
          problems.add("column '" + name + "' → cf:" + key + ": no custom field '" + key + "' in this workspace"
              + (customFields.isEmpty() ? "" : " (known: " + String.join(", ", customFields.keySet()) + ")"), name);
          return;
        }
        target = ColumnTarget.customField(key);
      } else {
        MappingTarget standard = MappingTarget.fromId(targetId.toLowerCase(Locale.ROOT)).orElse(null);
        if (standard == null) {
          problems.add("column '" + name + "' has unknown target '" + rawTarget + "' (expected one of "
              + Arrays.stream(MappingTarget.values()).map(MappingTarget::id).collect(Collectors.joining(", ")) + ")",
              name);
          return;
        }
        target = ColumnTarget.of(standard);
      }
      List<Integer> positions = positionsOf(headers, name);
      if (positions.isEmpty()) {
        problems.add("column '" + name + "' is not in the file's header", name);
      } else if (positions.size() > 1 && target.kind() != MappingTarget.SKIP) {
        problems.add("column '" + name + "' appears " + positions.size() + " times in the file's header", name);
      } else {
        positions.forEach(p -> targets.set(p, target));
      }
    });
    ColumnMapping mapping = new ColumnMapping(headers, targets);
    mapping.validate(problems);
    return mapping;
  }

  /** Two or more columns mapped to one target that takes a single column. */
  public record Clash(String target, List<String> columns, String message) {
  }

  /**
   * The clashes of a mapping (header → target id) as a list, without throwing: what an import
   * would refuse with 422 for two columns on one target ({@code tags} and {@code skip} may repeat).
   */
  public static List<Clash> clashes(Map<String, String> mapping) {
    Map<String, List<String>> byTarget = new LinkedHashMap<>();
    mapping.forEach((column, target) -> {
      String id = target == null ? "" : target.trim();
      String normalised = id.toLowerCase(Locale.ROOT).startsWith(ColumnTarget.CUSTOM_FIELD_PREFIX)
          ? ColumnTarget.CUSTOM_FIELD_PREFIX + id.substring(ColumnTarget.CUSTOM_FIELD_PREFIX.length()).trim()
          : id.toLowerCase(Locale.ROOT);
      byTarget.computeIfAbsent(normalised, t -> new ArrayList<>()).add(column);
    });
    List<Clash> clashes = new ArrayList<>();
    byTarget.forEach((target, columns) -> {
      boolean repeatable = MappingTarget.fromId(target).map(MappingTarget::repeatable).orElse(false);
      if (!repeatable && columns.size() > 1) {
        clashes.add(new Clash(target, List.copyOf(columns), "columns " + columns.stream().map(c -> "'" + c + "'")
            .collect(Collectors.joining(", ")) + " all map to " + target + "; an import refuses this (422)"));
      }
    });
    return clashes;
  }

  /** Restores a stored mapping (header → target id, in column order) without validation. */
  static ColumnMapping restore(List<String> headers, Map<String, String> stored) {
    List<ColumnTarget> targets = new ArrayList<>();
    for (String header : headers) {
      String id = stored.getOrDefault(header, MappingTarget.SKIP.id());
      targets.add(id.startsWith(ColumnTarget.CUSTOM_FIELD_PREFIX)
          ? ColumnTarget.customField(id.substring(ColumnTarget.CUSTOM_FIELD_PREFIX.length()))
          : ColumnTarget.of(MappingTarget.fromId(id).orElse(MappingTarget.SKIP)));
    }
    return new ColumnMapping(headers, targets);
  }

  /** The target a header suggests: normalised (case, spaces, {@code _}, {@code -} ignored) synonym match, else skip. */
  static MappingTarget suggestFor(String header) {
    return SYNONYMS.getOrDefault(normalise(header), MappingTarget.SKIP);
  }

  static String normalise(String header) {
    return header == null ? "" : header.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]", "");
  }

  public List<String> headers() {
    return headers;
  }

  public int columnCount() {
    return headers.size();
  }

  public ColumnTarget targetOf(int column) {
    return targets.get(column);
  }

  /** True when some column maps to a custom field. */
  public boolean hasCustomFields() {
    return targets.stream().anyMatch(t -> t.kind() == MappingTarget.CUSTOM_FIELD);
  }

  /** Header → target id in column order (for the API and the job record). */
  public Map<String, String> asMap() {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < headers.size(); i++) {
      map.merge(headers.get(i), targets.get(i).id(),
          (previous, current) -> MappingTarget.SKIP.id().equals(current) ? previous : current);
    }
    return map;
  }

  private void validate(Problems problems) {
    Map<ColumnTarget, List<String>> byTarget = new LinkedHashMap<>();
    for (int i = 0; i < headers.size(); i++) {
      byTarget.computeIfAbsent(targets.get(i), t -> new ArrayList<>()).add(headers.get(i));
    }
    byTarget.forEach((target, columns) -> {
      if (!target.kind().repeatable() && columns.size() > 1) {
        problems.add("columns " + columns.stream().map(c -> "'" + c + "'").collect(Collectors.joining(", "))
            + " all map to " + target.id(), columns.toArray(String[]::new));
      }
    });
    if (!byTarget.containsKey(ColumnTarget.of(MappingTarget.PHONE))) {
      problems.add("no column maps to phone (file columns: "
          + headers.stream().map(c -> "'" + c + "'").collect(Collectors.joining(", ")) + ")",
          headers.toArray(String[]::new));
    }
    problems.throwIfAny();
  }

  private static List<Integer> positionsOf(List<String> headers, String name) {
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < headers.size(); i++) {
      if (headers.get(i).equals(name)) {
        positions.add(i);
      }
    }
    return positions;
  }

  private static Map<String, MappingTarget> synonyms() {
    Map<String, MappingTarget> map = new LinkedHashMap<>();
    put(map, MappingTarget.PHONE, "phone", "phone number", "phone no", "mobile", "mobile number", "mobile phone",
        "tel", "telephone", "telephone number", "cell", "cell phone", "cellphone", "phone 1", "contact number",
        "msisdn");
    put(map, MappingTarget.FIRST_NAME, "first name", "firstname", "given name", "forename", "fname", "first");
    put(map, MappingTarget.LAST_NAME, "last name", "lastname", "surname", "family name", "lname", "last");
    put(map, MappingTarget.EMAIL, "email", "e-mail", "email address", "e-mail address", "mail");
    put(map, MappingTarget.COMPANY, "company", "company name", "organisation", "organization", "organisation name",
        "organization name", "account", "account name", "business", "employer");
    put(map, MappingTarget.COUNTRY, "country", "country code", "nation");
    put(map, MappingTarget.TIMEZONE, "time zone", "timezone", "tz", "iana time zone");
    put(map, MappingTarget.TAGS, "tags", "tag", "labels");
    put(map, MappingTarget.EXTERNAL_ID, "id", "external id", "crm id", "customer id", "record id", "contact id");
    return Map.copyOf(map);
  }

  private static void put(Map<String, MappingTarget> map, MappingTarget target, String... names) {
    for (String name : names) {
      map.put(normalise(name), target);
    }
  }

  /** Collected mapping problems, thrown together as one 422. */
  private static final class Problems {
    private final String prefix;
    private final String suffix;
    private final List<String> messages = new ArrayList<>();
    private final Set<String> columns = new LinkedHashSet<>();

    Problems(String prefix, String suffix) {
      this.prefix = prefix;
      this.suffix = suffix;
    }

    void add(String message, String... offendingColumns) {
      messages.add(message);
      columns.addAll(List.of(offendingColumns));
    }

    void throwIfAny() {
      if (!messages.isEmpty()) {
        ApiException problem = ApiException.unprocessable(prefix + String.join("; ", messages) + suffix);
        problem.getBody().setProperty("columns", List.copyOf(columns));
        throw problem;
      }
    }
  }
}
