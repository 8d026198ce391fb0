package io.contactsplatform.resolver.campaign;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A campaign config as the API returns it; {@code callingWindow} null means any time (older configs only). */
record CampaignConfigView(String campaignId, boolean allowUnknownContacts, Map<String, String> staticVariables,
                          List<Variable> variables, Window callingWindow, String fallbackTimezone,
                          String missingRequired, Instant updatedAt) {

  @Schema(name = "CampaignVariable")
  record Variable(String name, String type, String binding, String value, boolean required,
                  @JsonProperty("default") String defaultValue) {
  }

  @Schema(name = "CallingWindowView")
  record Window(List<String> days, String start, String end) {
  }

  static CampaignConfigView of(CampaignConfig c) {
    List<Variable> variables = c.variables().stream()
        .map(v -> new Variable(v.name(), v.type().name(), v.binding() == null ? null : v.binding().toString(),
            v.binding() != null && v.binding().kind() == Binding.Kind.STATIC ? v.binding().key() : null,
            v.required(), v.defaultValue()))
        .toList();
    CallingWindow w = c.callingWindow();
    Window window = w == null ? null
        : new Window(w.dayNames(), CallingWindow.text(w.start()), CallingWindow.text(w.end()));
    return new CampaignConfigView(c.campaignId(), c.allowUnknownContacts(), c.staticVariables(), variables,
        window, c.fallbackTimezone() == null ? null : c.fallbackTimezone().getId(), c.missingRequired().name(),
        c.updatedAt());
  }
}
