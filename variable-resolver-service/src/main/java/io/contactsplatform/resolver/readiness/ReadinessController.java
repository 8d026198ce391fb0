package io.contactsplatform.resolver.readiness;

import io.contactsplatform.support.auth.Workspace;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Audience readiness reports of a campaign, scoped to the caller's workspace: POST answers 202
 * with the RUNNING report; GET shows progress, then the figures.
 */
@RestController
class ReadinessController {

  private final ReadinessReports reports;

  ReadinessController(ReadinessReports reports) {
    this.reports = reports;
  }

  @PostMapping("/v1/campaigns/{campaignId}/readiness")
  @ResponseStatus(HttpStatus.ACCEPTED)
  Mono<ReadinessReportView> start(Workspace workspace, @PathVariable String campaignId,
                                  @RequestHeader("Authorization") String authorization,
                                  @RequestBody ReadinessRequest request) {
    return reports.start(workspace.id(), campaignId, request, authorization).map(reports::view);
  }

  @GetMapping("/v1/campaigns/{campaignId}/readiness/{reportId}")
  Mono<ReadinessReportView> get(Workspace workspace, @PathVariable String campaignId, @PathVariable String reportId) {
    return reports.find(workspace.id(), campaignId, reportId);
  }
}
