package io.contactsplatform.resolver.campaign;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one campaign's agent variables are resolved: whether raw numbers (no contact) may be
 * called, static variables (name to value), declared variables with bindings, and an optional
 * calling window (null: any time). Identity is workspace + campaign id.
 */
public record CampaignConfig(
    String workspaceId,
    String campaignId,
    boolean allowUnknownContacts,
    Map<String, String> staticVariables,
    List<VariableDefinition> variables,
    CallingWindow callingWindow,
    Instant updatedAt) {

  public CampaignConfig {
    staticVariables = staticVariables == null ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(staticVariables));
    variables = variables == null ? List.of() : List.copyOf(variables);
  }
}
