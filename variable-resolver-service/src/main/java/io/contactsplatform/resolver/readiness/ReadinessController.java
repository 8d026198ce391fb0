package io.contactsplatform.resolver.readiness;

import io.contactsplatform.support.auth.Workspace;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "readiness", description = "Audience readiness reports of a campaign")
@RestController
class ReadinessController {

  private final ReadinessReports reports;

  ReadinessController(ReadinessReports reports) {
    this.reports = reports;
  }

  @Operation(operationId = "startReadinessReport", summary = "Start a readiness report over an import's or a segment's contacts; 202 with the RUNNING report")
  @ApiResponse(responseCode = "404", description = "The campaign has no configuration in the caller's workspace")
  @ApiResponse(responseCode = "422", description = "Neither or both of importId and segmentId, or a bad sampleSize")
  @ApiResponse(responseCode = "502", description = "contact-service could not be asked for the custom field definitions")
  @PostMapping("/v1/campaigns/{campaignId}/readiness")
  @ResponseStatus(HttpStatus.ACCEPTED)
  Mono<ReadinessReportView> start(Workspace workspace, @PathVariable String campaignId,
                                  @RequestHeader("Authorization") String authorization,
                                  @RequestBody ReadinessRequest request) {
    return reports.start(workspace.id(), campaignId, request, authorization).map(reports::view);
  }

  @Operation(operationId = "getReadinessReport", summary = "Progress, then the figures, of a readiness report")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "404", description = "No such report for this campaign in the caller's workspace")
  @GetMapping("/v1/campaigns/{campaignId}/readiness/{reportId}")
  Mono<ReadinessReportView> get(Workspace workspace, @PathVariable String campaignId, @PathVariable String reportId) {
    return reports.find(workspace.id(), campaignId, reportId);
  }
}
