package io.contactsplatform.resolver.campaign;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code PUT /v1/campaigns/{campaignId}/variables}. Values of static variables and
 * defaults may be JSON strings, numbers or booleans (stored as text).
 */
record CampaignVariablesRequest(Boolean allowUnknownContacts, Map<String, Object> staticVariables,
                                List<Variable> variables, Window callingWindow) {

  /** One declared variable; {@code binding} null means no campaign mapping. */
  record Variable(String name, String binding, Boolean required, Object defaultValue) {
  }

  /** {@code HH:mm} start (inclusive) and end (exclusive), days {@code MON}..{@code SUN} (absent: every day). */
  record Window(String start, String end, List<String> days) {
  }
}
