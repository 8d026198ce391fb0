package io.contactsplatform.resolver.campaign;

import io.contactsplatform.support.auth.Workspace;
import io.contactsplatform.support.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Campaign configs, always scoped to the caller's workspace; another workspace's campaign is 404.
 * A PUT replaces the whole config, a PATCH merges (see {@link CampaignPatch}); each save is a new
 * version, answered with {@code ETag: "<version>"}; {@code If-Match} or a {@code version} member
 * makes it conditional (409 when another save came first, see {@link CampaignEditor}).
 * {@code /config} is the endpoint; {@code /variables} is the walking skeleton's older name, kept
 * with its meaning: no calling window unless one is given, and required variables fall back to
 * their defaults. Custom field bindings are checked against contact-service's definitions (asked
 * with the caller's own key) before anything is saved. Each version records the name of the
 * caller's API key as who saved it; an {@code X-Actor} header or {@code actor} member is accepted
 * and ignored (older clients sent them).
 */
@Tag(name = "campaigns", description = "Campaign variable configuration")
@RestController
class CampaignController {

  static final String ACTOR_HEADER = "X-Actor";
  /** Description of the ignored actor header. */
  static final String IGNORED_ACTOR = "Ignored (kept for older clients): the version records the name of the caller's API key";

  private final CampaignEditor editor;

  CampaignController(CampaignEditor editor) {
    this.editor = editor;
  }

  @Operation(operationId = "putCampaignConfig", summary = "Replace a campaign's whole config (variables, bindings, calling window)")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "422", description = "Invalid config: the detail names the variable and member; also unknown custom fields")
  @ApiResponse(responseCode = "409", description = "The save was based on an older version (If-Match or version)")
  @ApiResponse(responseCode = "502", description = "contact-service could not be asked for the custom field definitions")
  @PutMapping("/v1/campaigns/{campaignId}/config")
  Mono<ResponseEntity<CampaignConfigView>> putConfig(Workspace workspace, @PathVariable String campaignId,
      @RequestHeader("Authorization") String authorization,
      @RequestHeader(name = "If-Match", required = false) String ifMatch,
      @Parameter(deprecated = true, description = IGNORED_ACTOR)
      @RequestHeader(name = ACTOR_HEADER, required = false) String actor,
      @RequestBody CampaignConfigRequest request) {
    return put(workspace, campaignId, authorization, ifMatch, actor, request, CampaignConfigRules.CONFIG);
  }

  @Operation(operationId = "putCampaignVariables", summary = "Older name of putCampaignConfig: no calling window unless given, required variables fall back to defaults")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "422", description = "Invalid config: the detail names the variable and member; also unknown custom fields")
  @ApiResponse(responseCode = "409", description = "The save was based on an older version (If-Match or version)")
  @ApiResponse(responseCode = "502", description = "contact-service could not be asked for the custom field definitions")
  @PutMapping("/v1/campaigns/{campaignId}/variables")
  Mono<ResponseEntity<CampaignConfigView>> putVariables(Workspace workspace, @PathVariable String campaignId,
      @RequestHeader("Authorization") String authorization,
      @RequestHeader(name = "If-Match", required = false) String ifMatch,
      @Parameter(deprecated = true, description = IGNORED_ACTOR)
      @RequestHeader(name = ACTOR_HEADER, required = false) String actor,
      @RequestBody CampaignConfigRequest request) {
    return put(workspace, campaignId, authorization, ifMatch, actor, request, CampaignConfigRules.LEGACY_VARIABLES);
  }

  @Operation(operationId = "patchCampaignConfig", summary = "Merge-patch a campaign's config (RFC 7396; variables may be an object keyed by name, null removes one)")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "404", description = "The campaign has no configuration in the caller's workspace")
  @ApiResponse(responseCode = "409", description = "The save was based on an older version (If-Match or version)")
  @ApiResponse(responseCode = "422", description = "Invalid config: the detail names the variable and member")
  @PatchMapping(path = "/v1/campaigns/{campaignId}/config",
      consumes = {"application/merge-patch+json", "application/json"})
  Mono<ResponseEntity<CampaignConfigView>> patchConfig(Workspace workspace, @PathVariable String campaignId,
      @RequestHeader("Authorization") String authorization,
      @RequestHeader(name = "If-Match", required = false) String ifMatch,
      @Parameter(deprecated = true, description = IGNORED_ACTOR)
      @RequestHeader(name = ACTOR_HEADER, required = false) String actor,
      @RequestBody Map<String, Object> patch) {
    return patch(workspace, campaignId, authorization, ifMatch, actor, patch, CampaignConfigRules.CONFIG);
  }

  @Operation(operationId = "patchCampaignVariables", summary = "Older name of patchCampaignConfig")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "404", description = "The campaign has no configuration in the caller's workspace")
  @ApiResponse(responseCode = "409", description = "The save was based on an older version (If-Match or version)")
  @ApiResponse(responseCode = "422", description = "Invalid config: the detail names the variable and member")
  @PatchMapping(path = "/v1/campaigns/{campaignId}/variables",
      consumes = {"application/merge-patch+json", "application/json"})
  Mono<ResponseEntity<CampaignConfigView>> patchVariables(Workspace workspace, @PathVariable String campaignId,
      @RequestHeader("Authorization") String authorization,
      @RequestHeader(name = "If-Match", required = false) String ifMatch,
      @Parameter(deprecated = true, description = IGNORED_ACTOR)
      @RequestHeader(name = ACTOR_HEADER, required = false) String actor,
      @RequestBody Map<String, Object> patch) {
    return patch(workspace, campaignId, authorization, ifMatch, actor, patch, CampaignConfigRules.LEGACY_VARIABLES);
  }

  @Operation(operationId = "getCampaignConfig", summary = "Get a campaign's current config (ETag: its version)")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "404", description = "The campaign has no configuration in the caller's workspace")
  @GetMapping("/v1/campaigns/{campaignId}/config")
  Mono<ResponseEntity<CampaignConfigView>> getConfig(Workspace workspace, @PathVariable String campaignId) {
    return get(workspace, campaignId);
  }

  /** The same answer as {@code /config}, under the walking skeleton's older name. */
  @Operation(operationId = "getCampaignVariables", summary = "Older name of getCampaignConfig")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "404", description = "The campaign has no configuration in the caller's workspace")
  @GetMapping("/v1/campaigns/{campaignId}/variables")
  Mono<ResponseEntity<CampaignConfigView>> getVariables(Workspace workspace, @PathVariable String campaignId) {
    return get(workspace, campaignId);
  }

  private Mono<ResponseEntity<CampaignConfigView>> get(Workspace workspace, String campaignId) {
    return editor.current(workspace.id(), campaignId).map(CampaignConfigView::of).map(CampaignController::tagged);
  }

  private Mono<ResponseEntity<CampaignConfigView>> put(Workspace workspace, String campaignId, String authorization,
      String ifMatch, String actorHeader, CampaignConfigRequest request, CampaignConfigRules.Defaults defaults) {
    return Mono.defer(() -> editor.replace(workspace.id(), campaignId, authorization, request, defaults,
            CampaignEditor.expectedVersion(ifMatch, request.version()),
            workspace.actor()))
        .map(saved -> tagged(saved.view()));
  }

  private Mono<ResponseEntity<CampaignConfigView>> patch(Workspace workspace, String campaignId, String authorization,
      String ifMatch, String actorHeader, Map<String, Object> body, CampaignConfigRules.Defaults defaults) {
    return Mono.defer(() -> {
      Map<String, Object> patch = new LinkedHashMap<>(body);
      Object version = patch.remove("version");
      Object actor = patch.remove("actor");
      if (version != null && !(version instanceof Number)) {
        throw ApiException.badRequest("version: a number expected");
      }
      if (actor != null && !(actor instanceof String)) {
        throw ApiException.badRequest("actor: a string expected");
      }
      Long bodyVersion = version == null ? null : ((Number) version).longValue();
      return editor.patch(workspace.id(), campaignId, authorization, patch, defaults,
          CampaignEditor.expectedVersion(ifMatch, bodyVersion), workspace.actor());
    }).map(saved -> tagged(saved.view()));
  }

  /** 200 with {@code ETag: "<version>"}. */
  static ResponseEntity<CampaignConfigView> tagged(CampaignConfigView view) {
    return ResponseEntity.ok().eTag("\"" + view.version() + "\"").body(view);
  }
}
