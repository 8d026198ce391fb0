package io.contactsplatform.resolver.campaign;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A campaign config as the API returns it; {@code callingWindow} null means any time (older configs
 * only). {@code version} counts saves from 1 ({@code updatedBy} is the actor of that save).
 * {@code dropped} and {@code warnings} appear only on the answer to a PUT that carried no version
 * and replaced an existing config: what was there before and is gone now.
 */
record CampaignConfigView(String campaignId, long version, boolean allowUnknownContacts,
                          Map<String, String> staticVariables, List<Variable> variables, Window callingWindow,
                          String fallbackTimezone, String missingRequired, Instant updatedAt, String updatedBy,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Dropped dropped,
                          @JsonInclude(JsonInclude.Include.NON_NULL) List<String> warnings) {

  @Schema(name = "CampaignVariable")
  record Variable(String name, String type, String binding, String value, boolean required,
                  @JsonProperty("default") String defaultValue) {
  }

  @Schema(name = "CallingWindowView")
  record Window(List<String> days, String start, String end) {
  }

  /**
   * What an unversioned replace removed: variable and static variable names that existed before and
   * are absent now, and the settings ({@code callingWindow}, {@code fallbackTimezone},
   * {@code allowUnknownContacts}, {@code missingRequired}) the request left out whose previous value
   * was replaced by the default.
   */
  record Dropped(long basedOnVersion, List<String> variables, List<String> staticVariables, List<String> settings) {

    boolean isEmpty() {
      return variables.isEmpty() && staticVariables.isEmpty() && settings.isEmpty();
    }
  }

  static CampaignConfigView of(VersionedConfig stored) {
    return of(stored, null, null);
  }

  static CampaignConfigView of(VersionedConfig stored, Dropped dropped, List<String> warnings) {
    CampaignConfig c = stored.config();
    return new CampaignConfigView(c.campaignId(), stored.version(), c.allowUnknownContacts(), c.staticVariables(),
        variables(c), window(c.callingWindow()), c.fallbackTimezone() == null ? null : c.fallbackTimezone().getId(),
        c.missingRequired().name(), c.updatedAt(), stored.actor(), dropped, warnings);
  }

  static List<Variable> variables(CampaignConfig c) {
    return c.variables().stream()
        .map(v -> new Variable(v.name(), v.type().name(), v.binding() == null ? null : v.binding().toString(),
            v.binding() != null && v.binding().kind() == Binding.Kind.STATIC ? v.binding().key() : null,
            v.required(), v.defaultValue()))
        .toList();
  }

  static Window window(CallingWindow w) {
    return w == null ? null : new Window(w.dayNames(), CallingWindow.text(w.start()), CallingWindow.text(w.end()));
  }
}
