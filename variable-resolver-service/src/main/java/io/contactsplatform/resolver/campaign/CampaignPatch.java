package io.contactsplatform.resolver.campaign;

import io.contactsplatform.support.web.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Merge Patch (RFC 7396) on a campaign config, pure. The config is patched in its answer form
 * ({@link CampaignConfigView} members) with one addition so a single variable can be changed:
 * {@code variables} may be an <b>object keyed by variable name</b>, each value a merge patch of that
 * variable ({@code null} removes it, an unknown name appends a new variable). An array
 * {@code variables} replaces the whole list, as RFC 7396 says of arrays. {@code staticVariables} is
 * an object, so {@code {"staticVariables": {"x": null}}} removes one. Changing a variable's binding
 * away from {@code static} without naming {@code value} drops its value. The members
 * {@code version} and {@code actor} are not config members: the caller takes them out first; the
 * answer-only members ({@link #READ_ONLY}) are ignored. The
 * result is validated like a PUT body by {@link CampaignConfigRules}.
 */
final class CampaignPatch {

  /** Answer members that are not config members; a patch naming them (e.g. an edited answer sent back) is not refused for it. */
  static final List<String> READ_ONLY = List.of("campaignId", "updatedAt", "updatedBy", "dropped", "warnings");

  private CampaignPatch() {
  }

  /** The config in its answer form as a mutable tree (absent window and time zone left out). */
  static Map<String, Object> tree(CampaignConfig c) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("allowUnknownContacts", c.allowUnknownContacts());
    tree.put("staticVariables", new LinkedHashMap<String, Object>(c.staticVariables()));
    List<Object> variables = new ArrayList<>();
    for (CampaignConfigView.Variable v : CampaignConfigView.variables(c)) {
      variables.add(variable(v));
    }
    tree.put("variables", variables);
    CampaignConfigView.Window w = CampaignConfigView.window(c.callingWindow());
    if (w != null) {
      Map<String, Object> window = new LinkedHashMap<>();
      window.put("days", new ArrayList<>(w.days()));
      window.put("start", w.start());
      window.put("end", w.end());
      tree.put("callingWindow", window);
    }
    if (c.fallbackTimezone() != null) {
      tree.put("fallbackTimezone", c.fallbackTimezone().getId());
    }
    tree.put("missingRequired", c.missingRequired().name());
    return tree;
  }

  /** {@code patch} applied to {@code current}'s tree; 400 when {@code variables} is neither an array, an object nor null. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> apply(CampaignConfig current, Map<String, Object> patch) {
    Map<String, Object> tree = tree(current);
    Map<String, Object> rest = new LinkedHashMap<>(patch);
    if (rest.containsKey("variables") && rest.get("variables") instanceof Map<?, ?> byName) {
      rest.remove("variables");
      tree.put("variables", patchVariables((List<Object>) tree.get("variables"), (Map<String, Object>) byName));
    } else if (rest.containsKey("variables") && rest.get("variables") != null
        && !(rest.get("variables") instanceof List<?>)) {
      throw ApiException.badRequest("variables: an array (replaces all) or an object keyed by variable name (merges)");
    }
    return (Map<String, Object>) merge(tree, rest);
  }

  /** RFC 7396 MergePatch(target, patch). */
  @SuppressWarnings("unchecked")
  static Object merge(Object target, Object patch) {
    if (!(patch instanceof Map<?, ?> patchMap)) {
      return patch;
    }
    Map<String, Object> result = target instanceof Map<?, ?> targetMap
        ? new LinkedHashMap<>((Map<String, Object>) targetMap) : new LinkedHashMap<>();
    ((Map<String, Object>) patchMap).forEach((name, value) -> {
      if (value == null) {
        result.remove(name);
      } else {
        result.put(name, merge(result.get(name), value));
      }
    });
    return result;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> patchVariables(List<Object> variables, Map<String, Object> byName) {
    Map<String, Map<String, Object>> current = new LinkedHashMap<>();
    for (Object v : variables) {
      Map<String, Object> variable = (Map<String, Object>) v;
      current.put((String) variable.get("name"), variable);
    }
    byName.forEach((name, variablePatch) -> {
      if (variablePatch == null) {
        if (current.remove(name) == null) {
          throw ApiException.unprocessable("variables." + name + ": no such variable to remove");
        }
        return;
      }
      if (!(variablePatch instanceof Map<?, ?> patchMap)) {
        throw ApiException.badRequest("variables." + name + ": an object (a merge patch of the variable) or null");
      }
      Object rename = patchMap.get("name");
      if (rename != null && !name.equals(rename)) {
        throw ApiException.unprocessable("variables." + name + ".name: a variable is renamed by removing it ("
            + name + ": null) and adding the new name");
      }
      Map<String, Object> merged = (Map<String, Object>) merge(current.getOrDefault(name, Map.of()), patchMap);
      if (patchMap.containsKey("binding") && !Binding.STATIC.equals(patchMap.get("binding"))
          && !patchMap.containsKey("value")) {
        merged.remove("value");
      }
      Map<String, Object> named = new LinkedHashMap<>();
      named.put("name", name);
      merged.remove("name");
      named.putAll(merged);
      current.put(name, named);
    });
    return new ArrayList<>(current.values());
  }

  private static Map<String, Object> variable(CampaignConfigView.Variable v) {
    Map<String, Object> variable = new LinkedHashMap<>();
    variable.put("name", v.name());
    variable.put("type", v.type());
    variable.put("binding", v.binding());
    variable.put("value", v.value());
    variable.put("required", v.required());
    variable.put("default", v.defaultValue());
    variable.values().removeIf(java.util.Objects::isNull);
    return variable;
  }
}
