package io.contactsplatform.resolver.campaign;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What changed between two campaign configs, member by member: variables added, removed and
 * changed (with before/after per changed member), static variables added/removed/changed, the
 * calling window, and the other settings. Pure. Variables are matched by name; a change of their
 * order alone is not reported. {@code before} may be null (nothing before: everything is added).
 *
 * @param from         the older version (0: nothing)
 * @param to           the newer version
 * @param variables    declared variables by name
 * @param staticVariables campaign-wide values by name
 * @param callingWindow before/after when the window changed, else null ({@code before}/{@code after} null = any time)
 * @param settings     {@code allowUnknownContacts}, {@code fallbackTimezone}, {@code missingRequired} that changed
 * @param unchanged    true when nothing at all changed
 */
record ConfigDiff(long from, long to, Variables variables, Statics staticVariables, Change callingWindow,
                  Map<String, Change> settings, boolean unchanged) {

  /** A value before and after; either may be null. */
  record Change(Object before, Object after) {
  }

  /** One variable whose members changed: member name ({@code type}, {@code binding}, {@code value}, {@code required}, {@code default}) to before/after. */
  record ChangedVariable(String name, Map<String, Change> changes) {
  }

  record Variables(List<CampaignConfigView.Variable> added, List<CampaignConfigView.Variable> removed,
                   List<ChangedVariable> changed) {
  }

  record Statics(Map<String, String> added, Map<String, String> removed, Map<String, Change> changed) {
  }

  /** The changes that turn {@code before} (version {@code from}; null for none) into {@code after} (version {@code to}). */
  static ConfigDiff between(CampaignConfig before, long from, CampaignConfig after, long to) {
    Map<String, CampaignConfigView.Variable> old = byName(before);
    Map<String, CampaignConfigView.Variable> now = byName(after);
    List<CampaignConfigView.Variable> added = new ArrayList<>();
    List<CampaignConfigView.Variable> removed = new ArrayList<>();
    List<ChangedVariable> changed = new ArrayList<>();
    now.forEach((name, v) -> {
      CampaignConfigView.Variable was = old.get(name);
      if (was == null) {
        added.add(v);
      } else {
        Map<String, Change> changes = new LinkedHashMap<>();
        member(changes, "type", was.type(), v.type());
        member(changes, "binding", was.binding(), v.binding());
        member(changes, "value", was.value(), v.value());
        member(changes, "required", was.required(), v.required());
        member(changes, "default", was.defaultValue(), v.defaultValue());
        if (!changes.isEmpty()) {
          changed.add(new ChangedVariable(name, changes));
        }
      }
    });
    old.forEach((name, v) -> {
      if (!now.containsKey(name)) {
        removed.add(v);
      }
    });

    Map<String, String> oldStatics = before == null ? Map.of() : before.staticVariables();
    Map<String, String> newStatics = after.staticVariables();
    Map<String, String> staticsAdded = new LinkedHashMap<>();
    Map<String, String> staticsRemoved = new LinkedHashMap<>();
    Map<String, Change> staticsChanged = new LinkedHashMap<>();
    newStatics.forEach((name, value) -> {
      if (!oldStatics.containsKey(name)) {
        staticsAdded.put(name, value);
      } else if (!Objects.equals(oldStatics.get(name), value)) {
        staticsChanged.put(name, new Change(oldStatics.get(name), value));
      }
    });
    oldStatics.forEach((name, value) -> {
      if (!newStatics.containsKey(name)) {
        staticsRemoved.put(name, value);
      }
    });

    CampaignConfigView.Window oldWindow = before == null ? null : CampaignConfigView.window(before.callingWindow());
    CampaignConfigView.Window newWindow = CampaignConfigView.window(after.callingWindow());
    Change window = before != null && Objects.equals(oldWindow, newWindow) ? null : new Change(oldWindow, newWindow);

    Map<String, Change> settings = new LinkedHashMap<>();
    member(settings, "allowUnknownContacts", before == null ? null : before.allowUnknownContacts(),
        after.allowUnknownContacts());
    member(settings, "fallbackTimezone", before == null || before.fallbackTimezone() == null ? null
        : before.fallbackTimezone().getId(), after.fallbackTimezone() == null ? null : after.fallbackTimezone().getId());
    member(settings, "missingRequired", before == null ? null : before.missingRequired().name(),
        after.missingRequired().name());

    boolean unchanged = added.isEmpty() && removed.isEmpty() && changed.isEmpty() && staticsAdded.isEmpty()
        && staticsRemoved.isEmpty() && staticsChanged.isEmpty() && window == null && settings.isEmpty();
    return new ConfigDiff(from, to, new Variables(added, removed, changed),
        new Statics(staticsAdded, staticsRemoved, staticsChanged), window, settings, unchanged);
  }

  /**
   * One line for the history, e.g. {@code variables +plan -tier ~offer; static +company_name;
   * calling window; fallbackTimezone}, {@code created} when there was nothing before, or
   * {@code no change}.
   */
  String summary(boolean created) {
    if (created) {
      return "created with " + variables.added().size() + " variable" + (variables.added().size() == 1 ? "" : "s");
    }
    if (unchanged) {
      return "no change";
    }
    List<String> parts = new ArrayList<>();
    StringBuilder vars = new StringBuilder();
    variables.added().forEach(v -> vars.append(" +").append(v.name()));
    variables.removed().forEach(v -> vars.append(" -").append(v.name()));
    variables.changed().forEach(v -> vars.append(" ~").append(v.name()));
    if (!vars.isEmpty()) {
      parts.add("variables" + vars);
    }
    StringBuilder statics = new StringBuilder();
    staticVariables.added().keySet().forEach(n -> statics.append(" +").append(n));
    staticVariables.removed().keySet().forEach(n -> statics.append(" -").append(n));
    staticVariables.changed().keySet().forEach(n -> statics.append(" ~").append(n));
    if (!statics.isEmpty()) {
      parts.add("static" + statics);
    }
    if (callingWindow != null) {
      parts.add("calling window");
    }
    parts.addAll(settings.keySet());
    String text = String.join("; ", parts);
    return text.length() > 500 ? text.substring(0, 497) + "..." : text;
  }

  private static Map<String, CampaignConfigView.Variable> byName(CampaignConfig config) {
    Map<String, CampaignConfigView.Variable> byName = new LinkedHashMap<>();
    if (config != null) {
      CampaignConfigView.variables(config).forEach(v -> byName.put(v.name(), v));
    }
    return byName;
  }

  private static void member(Map<String, Change> changes, String name, Object before, Object after) {
    if (!Objects.equals(before, after)) {
      changes.put(name, new Change(before, after));
    }
  }
}
