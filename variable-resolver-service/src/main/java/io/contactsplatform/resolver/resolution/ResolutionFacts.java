package io.contactsplatform.resolver.resolution;

import io.contactsplatform.resolver.campaign.CampaignConfig;
import io.contactsplatform.resolver.readmodel.ContactSnapshot;
import io.contactsplatform.resolver.readmodel.DncEntry;
import java.util.List;
import java.util.Map;

/**
 * Everything the resolver knows about one call, loaded before the pure {@link Resolver} runs.
 *
 * @param campaign        the campaign's config, or null when it has none
 * @param contact         the resolved contact, or null when unknown
 * @param dncUncertainty  why the DNC read model could not be trusted when the facts were read, or null
 * @param dncEntries      every DNC entry of the number in the workspace (active or not)
 * @param audienceColumns the number's audience row in this campaign, or null when it has none
 */
public record ResolutionFacts(CampaignConfig campaign, ContactSnapshot contact, String dncUncertainty,
                              List<DncEntry> dncEntries, Map<String, String> audienceColumns) {

  public ResolutionFacts {
    dncEntries = dncEntries == null ? List.of() : List.copyOf(dncEntries);
  }
}
