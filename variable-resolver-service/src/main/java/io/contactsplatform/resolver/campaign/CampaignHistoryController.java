package io.contactsplatform.resolver.campaign;

import io.contactsplatform.support.auth.Workspace;
import io.contactsplatform.support.web.ApiException;
import io.contactsplatform.support.web.CursorPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The workspace's campaign list and each campaign's version history: list newest first, one
 * version in full, a structured diff between two versions, and restoring an earlier version as a
 * new one ({@code If-Match} applies). Scoped to the caller's workspace (another's campaign is 404).
 */
@Tag(name = "campaigns", description = "Campaign variable configuration")
@RestController
class CampaignHistoryController {

  private final CampaignEditor editor;

  CampaignHistoryController(CampaignEditor editor) {
    this.editor = editor;
  }

  @Operation(operationId = "listCampaigns", summary = "List the workspace's campaigns with their current version")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @GetMapping("/v1/campaigns")
  Mono<CursorPage<CampaignEditor.CampaignSummary>> campaigns(Workspace workspace,
      @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer pageSize) {
    return Mono.defer(() -> editor.campaigns(workspace.id(), cursor, pageSize));
  }

  @Operation(operationId = "listCampaignVersions", summary = "List a campaign's saved versions, newest first")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "404", description = "The campaign (or version) does not exist in the caller's workspace")
  @GetMapping("/v1/campaigns/{campaignId}/versions")
  Mono<CursorPage<CampaignEditor.VersionEntry>> versions(Workspace workspace, @PathVariable String campaignId,
      @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer pageSize) {
    return Mono.defer(() -> editor.history(workspace.id(), campaignId, cursor, pageSize));
  }

  @Operation(operationId = "getCampaignVersion", summary = "Get a campaign's config as saved at one version")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "404", description = "The campaign (or version) does not exist in the caller's workspace")
  @GetMapping("/v1/campaigns/{campaignId}/versions/{version}")
  Mono<CampaignConfigView> version(Workspace workspace, @PathVariable String campaignId, @PathVariable long version) {
    return editor.version(workspace.id(), campaignId, version).map(CampaignConfigView::of);
  }

  @Operation(operationId = "diffCampaignVersions", summary = "Diff one version against another (default: the one before)")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "404", description = "The campaign (or version) does not exist in the caller's workspace")
  @GetMapping("/v1/campaigns/{campaignId}/versions/{version}/diff")
  Mono<ConfigDiff> diff(Workspace workspace, @PathVariable String campaignId, @PathVariable long version,
                        @RequestParam(required = false) Long against) {
    return editor.diff(workspace.id(), campaignId, version, against);
  }

  @Operation(operationId = "restoreCampaignVersion", summary = "Save an earlier version as a new version")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "404", description = "The campaign (or version) does not exist in the caller's workspace")
  @ApiResponse(responseCode = "409", description = "The restore was based on an older version (If-Match or version)")
  @PostMapping("/v1/campaigns/{campaignId}/versions/{version}/restore")
  Mono<ResponseEntity<CampaignConfigView>> restore(Workspace workspace, @PathVariable String campaignId,
      @PathVariable long version, @RequestHeader(name = "If-Match", required = false) String ifMatch,
      @io.swagger.v3.oas.annotations.Parameter(deprecated = true, description = CampaignController.IGNORED_ACTOR)
      @RequestHeader(name = CampaignController.ACTOR_HEADER, required = false) String actorHeader,
      @RequestBody(required = false) Map<String, Object> body) {
    return Mono.defer(() -> {
      Object bodyVersion = body == null ? null : body.get("version");
      Object actor = body == null ? null : body.get("actor");
      // read like a typed body: {version, actor} only, each of its type (other members were ignored)
      if (body != null) {
        body.keySet().stream().filter(k -> !k.equals("version") && !k.equals("actor")).findFirst().ifPresent(k -> {
          throw ApiException.badRequest("unknown member '" + k + "' (a restore takes version and actor)");
        });
        if (bodyVersion != null && !(bodyVersion instanceof Integer || bodyVersion instanceof Long)) {
          throw ApiException.badRequest("version: expected an integer");
        }
        if (actor != null && !(actor instanceof String)) {
          throw ApiException.badRequest("actor: expected a string");
        }
      }
      return editor.restore(workspace.id(), campaignId, version,
          CampaignEditor.expectedVersion(ifMatch, bodyVersion instanceof Number n ? n.longValue() : null),
          workspace.actor());
    }).map(saved -> CampaignController.tagged(saved.view()));
  }
}
