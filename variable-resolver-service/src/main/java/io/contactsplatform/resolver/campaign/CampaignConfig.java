package io.contactsplatform.resolver.campaign;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How one campaign's calls are gated and its agent variables resolved: whether raw numbers (no
 * contact) may be called, static variables (name to value), declared variables with types and
 * bindings, the calling window (null only for configs made through the older
 * {@code /variables} endpoint without one: any time), the time zone for contacts without one, and
 * what a missing required variable does. Identity is workspace + campaign id.
 */
public record CampaignConfig(
    String workspaceId,
    String campaignId,
    boolean allowUnknownContacts,
    Map<String, String> staticVariables,
    List<VariableDefinition> variables,
    CallingWindow callingWindow,
    ZoneId fallbackTimezone,
    MissingRequiredPolicy missingRequired,
    Instant updatedAt) {

  public CampaignConfig {
    staticVariables = staticVariables == null ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(staticVariables));
    variables = variables == null ? List.of() : List.copyOf(variables);
    missingRequired = missingRequired == null ? MissingRequiredPolicy.USE_DEFAULT : missingRequired;
  }

  /** A config without fallback time zone whose required variables fall back to their defaults. */
  public CampaignConfig(String workspaceId, String campaignId, boolean allowUnknownContacts,
                        Map<String, String> staticVariables, List<VariableDefinition> variables,
                        CallingWindow callingWindow, Instant updatedAt) {
    this(workspaceId, campaignId, allowUnknownContacts, staticVariables, variables, callingWindow, null,
        MissingRequiredPolicy.USE_DEFAULT, updatedAt);
  }

  /** Whether any variable takes its value from the number's audience row. */
  public boolean usesAudienceRows() {
    return variables.stream().anyMatch(v -> v.binding() != null && v.binding().kind() == Binding.Kind.ROW);
  }

  /** Keys of the custom fields the variables are bound to. */
  public Set<String> customFieldKeys() {
    Set<String> keys = new TreeSet<>();
    variables.stream().filter(v -> v.binding() != null && v.binding().kind() == Binding.Kind.CUSTOM_FIELD)
        .forEach(v -> keys.add(v.binding().key()));
    return keys;
  }
}
