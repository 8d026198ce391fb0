package io.contactsplatform.resolver.campaign;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A campaign variable config as the API returns it. */
record CampaignVariablesView(String campaignId, boolean allowUnknownContacts, Map<String, String> staticVariables,
                             List<Variable> variables, Window callingWindow, Instant updatedAt) {

  record Variable(String name, String binding, boolean required, String defaultValue) {
  }

  record Window(String start, String end, List<String> days) {
  }

  static CampaignVariablesView of(CampaignConfig c) {
    List<Variable> variables = c.variables().stream()
        .map(v -> new Variable(v.name(), v.binding() == null ? null : v.binding().toString(), v.required(),
            v.defaultValue()))
        .toList();
    CallingWindow w = c.callingWindow();
    Window window = w == null ? null : new Window(w.start().toString(), w.end().toString(), w.dayNames());
    return new CampaignVariablesView(c.campaignId(), c.allowUnknownContacts(), c.staticVariables(), variables,
        window, c.updatedAt());
  }
}
