package io.contactsplatform.resolver;

import io.contactsplatform.testsupport.LimitsDoc;
import org.junit.jupiter.api.Test;

/** docs/limits.md states this service's limits as its code has them. */
class LimitsDocTest {

  @Test
  void shouldStateTheLimitsAsTheCodeHasThem() {
    LimitsDoc.assertMatches("io.contactsplatform.resolver.campaign.CampaignConfigRules", "io.contactsplatform.resolver.campaign.CampaignEditor", "io.contactsplatform.resolver.resolution.ResolveController", "io.contactsplatform.resolver.readiness.ReadinessReports");
  }
}
