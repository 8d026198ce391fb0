package io.contactsplatform.importservice.importjob;

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
 * headers, and always validated: every named column exists, no two columns share a target
 * (tags and skip aside), one column maps to phone, no {@code cf:} targets yet. A violation is a
 * 422 problem whose detail and {@code columns} member name the offending columns. Immutable.
 */
public final class ColumnMapping {

  private static final String CUSTOM_FIELD_PREFIX = "cf:";

  private static final Map<String, MappingTarget> SYNONYMS = synonyms();

  private final List<String> headers;
  private final List<MappingTarget> targets;

  private ColumnMapping(List<String> headers, List<MappingTarget> targets) {
    this.headers = List.copyOf(headers);
    this.targets = List.copyOf(targets);
  }

  /** The suggested mapping for these headers, validated (422 when it has no phone or clashes). */
  public static ColumnMapping suggest(List<String> headers) {
    List<MappingTarget> targets = headers.stream().map(ColumnMapping::suggestFor).toList();
    ColumnMapping mapping = new ColumnMapping(headers, targets);
    mapping.validate(new Problems("suggested mapping: ", "; send an explicit mapping in options"));
    return mapping;
  }

  /**
   * The operator's mapping (header → target id) applied to these headers, validated; columns it
   * does not name are skipped.
   */
  public static ColumnMapping of(List<String> headers, Map<String, String> requested) {
    Problems problems = new Problems("mapping: ", "");
    List<MappingTarget> targets = new ArrayList<>(headers.stream().map(h -> MappingTarget.SKIP).toList());
    requested.forEach((column, rawTarget) -> {
      String name = column == null ? "" : column.trim();
      String targetId = rawTarget == null ? "" : rawTarget.trim().toLowerCase(Locale.ROOT);
      if (targetId.startsWith(CUSTOM_FIELD_PREFIX)) {
        problems.add("column '" + name + "' → " + targetId + ": custom fields are not supported yet", name);
        return;
      }
      MappingTarget target = MappingTarget.fromId(targetId).orElse(null);
      if (target == null) {
        problems.add("column '" + name + "' has unknown target '" + rawTarget + "' (expected one of "
            + Arrays.stream(MappingTarget.values()).map(MappingTarget::id).collect(Collectors.joining(", ")) + ")", name);
        return;
      }
      List<Integer> positions = positionsOf(headers, name);
      if (positions.isEmpty()) {
        problems.add("column '" + name + "' is not in the file's header", name);
      } else if (positions.size() > 1 && target != MappingTarget.SKIP) {
        problems.add("column '" + name + "' appears " + positions.size() + " times in the file's header", name);
      } else {
        positions.forEach(p -> targets.set(p, target));
      }
    });
    ColumnMapping mapping = new ColumnMapping(headers, targets);
    mapping.validate(problems);
    return mapping;
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

  public MappingTarget targetOf(int column) {
    return targets.get(column);
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
    Map<MappingTarget, List<String>> byTarget = new LinkedHashMap<>();
    for (int i = 0; i < headers.size(); i++) {
      byTarget.computeIfAbsent(targets.get(i), t -> new ArrayList<>()).add(headers.get(i));
    }
    byTarget.forEach((target, columns) -> {
      if (!target.repeatable() && columns.size() > 1) {
        problems.add("columns " + columns.stream().map(c -> "'" + c + "'").collect(Collectors.joining(", "))
            + " all map to " + target.id(), columns.toArray(String[]::new));
      }
    });
    if (!byTarget.containsKey(MappingTarget.PHONE)) {
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
    put(map, MappingTarget.PHONE, "phone", "phone number", "mobile", "mobile number", "tel", "telephone", "cell",
        "phone 1");
    put(map, MappingTarget.FIRST_NAME, "first name", "firstname", "given name");
    put(map, MappingTarget.LAST_NAME, "last name", "lastname", "surname", "family name");
    put(map, MappingTarget.EMAIL, "email", "e-mail", "email address");
    put(map, MappingTarget.COMPANY, "company", "organisation", "organization", "account");
    put(map, MappingTarget.COUNTRY, "country");
    put(map, MappingTarget.TIMEZONE, "time zone", "timezone", "tz");
    put(map, MappingTarget.TAGS, "tags");
    put(map, MappingTarget.EXTERNAL_ID, "id", "external id", "crm id", "customer id");
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
