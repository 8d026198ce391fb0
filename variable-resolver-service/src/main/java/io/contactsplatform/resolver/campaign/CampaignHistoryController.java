package io.contactsplatform.resolver.campaign;

import io.contactsplatform.support.auth.Workspace;
import io.contactsplatform.support.web.CursorPage;
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
@RestController
class CampaignHistoryController {

  private final CampaignEditor editor;

  CampaignHistoryController(CampaignEditor editor) {
    this.editor = editor;
  }

  @GetMapping("/v1/campaigns")
  Mono<CursorPage<CampaignEditor.CampaignSummary>> campaigns(Workspace workspace,
      @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer pageSize) {
    return Mono.defer(() -> editor.campaigns(workspace.id(), cursor, pageSize));
  }

  @GetMapping("/v1/campaigns/{campaignId}/versions")
  Mono<CursorPage<CampaignEditor.VersionEntry>> versions(Workspace workspace, @PathVariable String campaignId,
      @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer pageSize) {
    return Mono.defer(() -> editor.history(workspace.id(), campaignId, cursor, pageSize));
  }

  @GetMapping("/v1/campaigns/{campaignId}/versions/{version}")
  Mono<CampaignConfigView> version(Workspace workspace, @PathVariable String campaignId, @PathVariable long version) {
    return editor.version(workspace.id(), campaignId, version).map(CampaignConfigView::of);
  }

  @GetMapping("/v1/campaigns/{campaignId}/versions/{version}/diff")
  Mono<ConfigDiff> diff(Workspace workspace, @PathVariable String campaignId, @PathVariable long version,
                        @RequestParam(required = false) Long against) {
    return editor.diff(workspace.id(), campaignId, version, against);
  }

  @PostMapping("/v1/campaigns/{campaignId}/versions/{version}/restore")
  Mono<ResponseEntity<CampaignConfigView>> restore(Workspace workspace, @PathVariable String campaignId,
      @PathVariable long version, @RequestHeader(name = "If-Match", required = false) String ifMatch,
      @RequestHeader(name = CampaignController.ACTOR_HEADER, required = false) String actorHeader,
      @RequestBody(required = false) Map<String, Object> body) {
    return Mono.defer(() -> {
      Object bodyVersion = body == null ? null : body.get("version");
      Object actor = body == null ? null : body.get("actor");
      return editor.restore(workspace.id(), campaignId, version,
          CampaignEditor.expectedVersion(ifMatch, bodyVersion instanceof Number n ? n.longValue() : null),
          actor instanceof String a ? a : actorHeader);
    }).map(saved -> CampaignController.tagged(saved.view()));
  }
}
