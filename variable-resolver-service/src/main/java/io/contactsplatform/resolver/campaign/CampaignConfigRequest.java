package io.contactsplatform.resolver.campaign;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * Body of {@code PUT /v1/campaigns/{campaignId}/config} (and of the older {@code /variables}).
 * Values of static variables, static bindings and defaults may be JSON strings, numbers or
 * booleans (kept as text). {@code version} (the version this edit is based on, like
 * {@code If-Match}) and {@code actor} (accepted and ignored: who saves is the name of the caller's
 * API key) are not config members.
 * The members only an answer carries ({@code campaignId}, {@code updatedAt}, {@code updatedBy},
 * {@code dropped}, {@code warnings}) are ignored, so a GET answer can be edited and PUT back; any
 * other unknown member is refused (400).
 */
@JsonIgnoreProperties({"campaignId", "updatedAt", "updatedBy", "dropped", "warnings"})
record CampaignConfigRequest(Boolean allowUnknownContacts, Map<String, Object> staticVariables,
                             List<Variable> variables, Window callingWindow, String fallbackTimezone,
                             String missingRequired, Long version,
                             @io.swagger.v3.oas.annotations.media.Schema(deprecated = true,
                                 description = CampaignController.IGNORED_ACTOR) String actor) {

  @JsonCreator
  CampaignConfigRequest {
  }

  /** A request without version and actor. */
  CampaignConfigRequest(Boolean allowUnknownContacts, Map<String, Object> staticVariables, List<Variable> variables,
                        Window callingWindow, String fallbackTimezone, String missingRequired) {
    this(allowUnknownContacts, staticVariables, variables, callingWindow, fallbackTimezone, missingRequired, null, null);
  }

  /**
   * One declared variable: {@code type} TEXT (absent), NUMBER, BOOLEAN or DATE; {@code binding}
   * null for no campaign mapping, {@code static} with its {@code value}, or a field/column form.
   */
  @Schema(name = "CampaignVariableRequest")
  record Variable(String name, String type, String binding, Object value, Boolean required,
                  @JsonProperty("default") @JsonAlias("defaultValue") Object defaultValue) {
  }

  /** {@code HH:mm} start (inclusive) and end (exclusive, {@code 24:00} allowed), days {@code MON}..{@code SUN}. */
  @Schema(name = "CallingWindowRequest")
  record Window(List<String> days, String start, String end) {
  }
}
