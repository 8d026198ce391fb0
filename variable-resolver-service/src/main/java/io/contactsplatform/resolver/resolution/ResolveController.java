package io.contactsplatform.resolver.resolution;

import io.contactsplatform.resolver.campaign.CampaignConfigRules;
import io.contactsplatform.support.auth.Workspace;
import io.contactsplatform.support.contact.ContactLimits;
import io.contactsplatform.support.ids.TimeOrderedIds;
import io.contactsplatform.support.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Resolve preview: the same resolution a call-start gets, answered synchronously in the caller's
 * workspace, optionally {@code at} another instant, in the shape of the agent-variables event;
 * publishes and remembers nothing. A missing campaignId or phone is a 422, and so is a value no
 * call could carry (a phone over 64 characters, a callId over {@value #MAX_CALL_ID_LENGTH}, a
 * contactId that is not an id, a runtime value over 4,096 characters); a campaignId that is not one
 * is a 400. Anything the dialer could also send (bad number, unknown campaign) answers 200 with the
 * same BLOCKED_* status.
 */
@Tag(name = "resolve", description = "Resolve preview: the variables a call-start would get")
@RestController
class ResolveController {

  static final int MAX_CALL_ID_LENGTH = 128;

  private final VariableResolution resolution;
  private final Clock clock;

  ResolveController(VariableResolution resolution, Clock clock) {
    this.resolution = resolution;
    this.clock = clock;
  }

  @Operation(operationId = "resolveVariables", summary = "Resolve a campaign's variables for a phone number now (or at another instant); publishes nothing")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "422", description = "Missing campaignId or phone, or a runtime variable that is not a string, number or boolean")
  @PostMapping("/v1/resolve")
  Mono<AgentVariablesView> resolve(Workspace workspace, @RequestHeader("Authorization") String authorization,
                                   @RequestBody ResolveBody body) {
    return Mono.fromCallable(() -> request(workspace, body))
        .flatMap(request -> {
          Instant at = body.at() != null ? body.at() : clock.instant();
          return resolution.resolve(request, at, authorization)
              .map(r -> AgentVariablesView.preview(AgentVariablesEvents.toEvent(workspace.id(), r, UUID.randomUUID(), at)));
        });
  }

  private static ResolutionRequest request(Workspace workspace, ResolveBody body) {
    if (body.campaignId() == null || body.campaignId().isBlank()) {
      throw ApiException.unprocessable("campaignId: required");
    }
    CampaignConfigRules.checkCampaignId(body.campaignId());
    if (body.phone() == null || body.phone().isBlank()) {
      throw ApiException.unprocessable("phone: required");
    }
    String tooLong = ContactLimits.tooLong("phone", body.phone(), ContactLimits.PHONE);
    if (tooLong == null && body.callId() != null) {
      tooLong = ContactLimits.tooLong("callId", body.callId(), MAX_CALL_ID_LENGTH);
    }
    if (tooLong != null) {
      throw ApiException.unprocessable(tooLong);
    }
    if (body.contactId() != null && !body.contactId().isBlank() && !TimeOrderedIds.isId(body.contactId())) {
      throw ApiException.unprocessable("contactId: not a contact id (a UUID)");
    }
    if (body.runtimeVariables() != null && body.runtimeVariables().size() > CampaignConfigRules.MAX_VARIABLES) {
      throw ApiException.unprocessable("runtimeVariables: at most " + CampaignConfigRules.MAX_VARIABLES + " variables");
    }
    Map<String, String> runtime = new LinkedHashMap<>();
    if (body.runtimeVariables() != null) {
      body.runtimeVariables().forEach((name, value) -> {
        if (value != null && !(value instanceof String || value instanceof Number || value instanceof Boolean)) {
          throw ApiException.unprocessable("runtimeVariables." + name + ": must be a string, number or boolean");
        }
        if (value != null) {
          String text = value.toString();
          if (text.length() > CampaignConfigRules.MAX_VALUE_LENGTH) {
            throw ApiException.unprocessable("runtimeVariables." + name + ": longer than "
                + CampaignConfigRules.MAX_VALUE_LENGTH + " characters");
          }
          runtime.put(name, text);
        }
      });
    }
    String callId = body.callId() == null || body.callId().isBlank() ? UUID.randomUUID().toString() : body.callId();
    return new ResolutionRequest(workspace.id(), callId, null, body.campaignId(), body.phone(), body.contactId(),
        runtime);
  }
}
