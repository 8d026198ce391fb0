package io.contactsplatform.resolver.campaign;

import io.contactsplatform.support.auth.Workspace;
import io.contactsplatform.support.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Campaign configs, always scoped to the caller's workspace; another workspace's campaign is 404.
 * A PUT replaces the whole config. {@code /config} is the endpoint; {@code /variables} is the
 * walking skeleton's older name, kept with its meaning: no calling window unless one is given, and
 * required variables fall back to their defaults. Custom field bindings are checked against
 * contact-service's definitions (asked with the caller's own key) before anything is saved.
 */
@Tag(name = "campaigns", description = "Campaign variable configuration")
@RestController
class CampaignController {

  private final CampaignStore store;
  private final CustomFieldCatalog customFields;
  private final Clock clock;

  CampaignController(CampaignStore store, CustomFieldCatalog customFields, Clock clock) {
    this.store = store;
    this.customFields = customFields;
    this.clock = clock;
  }

  @Operation(operationId = "putCampaignConfig", summary = "Replace a campaign's whole config (variables, bindings, calling window)")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "422", description = "Invalid config: the detail names the variable and member; also unknown custom fields")
  @ApiResponse(responseCode = "502", description = "contact-service could not be asked for the custom field definitions")
  @PutMapping("/v1/campaigns/{campaignId}/config")
  Mono<CampaignConfigView> putConfig(Workspace workspace, @PathVariable String campaignId,
                                     @RequestHeader("Authorization") String authorization,
                                     @RequestBody CampaignConfigRequest request) {
    return put(workspace, campaignId, authorization, request, CampaignConfigRules.CONFIG);
  }

  @Operation(operationId = "putCampaignVariables", summary = "Older name of putCampaignConfig: no calling window unless given, required variables fall back to defaults")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "422", description = "Invalid config: the detail names the variable and member; also unknown custom fields")
  @ApiResponse(responseCode = "502", description = "contact-service could not be asked for the custom field definitions")
  @PutMapping("/v1/campaigns/{campaignId}/variables")
  Mono<CampaignConfigView> putVariables(Workspace workspace, @PathVariable String campaignId,
                                        @RequestHeader("Authorization") String authorization,
                                        @RequestBody CampaignConfigRequest request) {
    return put(workspace, campaignId, authorization, request, CampaignConfigRules.LEGACY_VARIABLES);
  }

  @Operation(operationId = "getCampaignConfig", summary = "Get a campaign's config")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "404", description = "The campaign has no configuration in the caller's workspace")
  @GetMapping("/v1/campaigns/{campaignId}/config")
  Mono<CampaignConfigView> getConfig(Workspace workspace, @PathVariable String campaignId) {
    return get(workspace, campaignId);
  }

  /** The same answer as {@code /config}, under the walking skeleton's older name. */
  @Operation(operationId = "getCampaignVariables", summary = "Older name of getCampaignConfig")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "404", description = "The campaign has no configuration in the caller's workspace")
  @GetMapping("/v1/campaigns/{campaignId}/variables")
  Mono<CampaignConfigView> getVariables(Workspace workspace, @PathVariable String campaignId) {
    return get(workspace, campaignId);
  }

  private Mono<CampaignConfigView> get(Workspace workspace, String campaignId) {
    return store.find(workspace.id(), campaignId)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("campaign " + campaignId + " has no configuration")))
        .map(CampaignConfigView::of);
  }

  private Mono<CampaignConfigView> put(Workspace workspace, String campaignId, String authorization,
                                       CampaignConfigRequest request, CampaignConfigRules.Defaults defaults) {
    return Mono.fromCallable(() -> {
      CampaignConfigRules.checkCampaignId(campaignId);
      return CampaignConfigRules.toConfig(workspace.id(), campaignId, request,
          clock.instant().truncatedTo(ChronoUnit.MILLIS), defaults);
    }).flatMap(config -> checkCustomFields(config, authorization)).flatMap(store::save).map(CampaignConfigView::of);
  }

  private Mono<CampaignConfig> checkCustomFields(CampaignConfig config, String authorization) {
    Set<String> used = config.customFieldKeys();
    if (used.isEmpty()) {
      return Mono.just(config);
    }
    return customFields.keys(authorization).map(known -> {
      for (VariableDefinition v : config.variables()) {
        Binding b = v.binding();
        if (b != null && b.kind() == Binding.Kind.CUSTOM_FIELD && !known.contains(b.key())) {
          throw ApiException.unprocessable("variables[" + v.name() + "].binding: unknown custom field '" + b.key()
              + "' (this workspace defines " + (known.isEmpty() ? "none" : String.join(", ", List.copyOf(
                  new java.util.TreeSet<>(known)))) + ")");
        }
      }
      return config;
    });
  }
}
