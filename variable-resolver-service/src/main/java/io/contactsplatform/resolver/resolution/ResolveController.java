package io.contactsplatform.resolver.resolution;

import io.contactsplatform.support.auth.Workspace;
import io.contactsplatform.support.web.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Resolve preview: the same resolution a call-start gets, answered synchronously in the caller's
 * workspace; publishes nothing. A missing campaignId or phone is a 422; anything the dialer could
 * also send (bad number, unknown campaign) answers 200 with the same BLOCKED_* status.
 */
@RestController
class ResolveController {

  private final VariableResolution resolution;

  ResolveController(VariableResolution resolution) {
    this.resolution = resolution;
  }

  @PostMapping("/v1/resolve")
  Mono<ResolveResponse> resolve(Workspace workspace, @RequestBody ResolveBody body) {
    return Mono.fromCallable(() -> request(workspace, body))
        .flatMap(resolution::resolve)
        .map(ResolveResponse::of);
  }

  private static ResolutionRequest request(Workspace workspace, ResolveBody body) {
    if (body.campaignId() == null || body.campaignId().isBlank()) {
      throw ApiException.unprocessable("campaignId: required");
    }
    if (body.phone() == null || body.phone().isBlank()) {
      throw ApiException.unprocessable("phone: required");
    }
    Map<String, String> runtime = new LinkedHashMap<>();
    if (body.runtimeVariables() != null) {
      body.runtimeVariables().forEach((name, value) -> {
        if (value != null && !(value instanceof String || value instanceof Number || value instanceof Boolean)) {
          throw ApiException.unprocessable("runtimeVariables." + name + ": must be a string, number or boolean");
        }
        if (value != null) {
          runtime.put(name, value.toString());
        }
      });
    }
    String callId = body.callId() == null || body.callId().isBlank() ? UUID.randomUUID().toString() : body.callId();
    return new ResolutionRequest(workspace.id(), callId, null, body.campaignId(), body.phone(), body.contactId(),
        runtime);
  }
}
