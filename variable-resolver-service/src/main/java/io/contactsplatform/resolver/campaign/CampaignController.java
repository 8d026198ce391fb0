package io.contactsplatform.resolver.campaign;

import io.contactsplatform.support.auth.Workspace;
import io.contactsplatform.support.web.ApiException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Campaign variable configs, always scoped to the caller's workspace; another workspace's
 * campaign is 404. A PUT replaces the whole config.
 */
@RestController
@RequestMapping("/v1/campaigns/{campaignId}/variables")
class CampaignController {

  private final CampaignStore store;
  private final Clock clock;

  CampaignController(CampaignStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @PutMapping
  Mono<CampaignVariablesView> put(Workspace workspace, @PathVariable String campaignId,
                                  @RequestBody CampaignVariablesRequest request) {
    return Mono.fromCallable(() -> {
      CampaignConfigRules.checkCampaignId(campaignId);
      return CampaignConfigRules.toConfig(workspace.id(), campaignId, request, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }).flatMap(store::save).map(CampaignVariablesView::of);
  }

  @GetMapping
  Mono<CampaignVariablesView> get(Workspace workspace, @PathVariable String campaignId) {
    return store.find(workspace.id(), campaignId)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("campaign " + campaignId + " has no variable configuration")))
        .map(CampaignVariablesView::of);
  }
}
