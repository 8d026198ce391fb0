package io.contactsplatform.support.auth;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/whoami}: the workspace the caller's API key belongs to and the key's id and name, so a client (the operator
 * console) can check a pasted key and show whose data it sees. Authenticated like every endpoint;
 * every service that uses service-support answers it.
 */
@RestController
@Tag(name = "auth", description = "The caller's API key")
class WhoAmIController {

  /** The answer: the caller's workspace id, and the id and name of the key it used. */
  record WhoAmI(String workspaceId, String keyId, String keyName) {
  }

  @Operation(operationId = "whoAmI", summary = "The workspace the API key belongs to")
  @GetMapping("/v1/whoami")
  WhoAmI whoAmI(Workspace workspace) {
    return new WhoAmI(workspace.id(), workspace.keyId(), workspace.keyName());
  }
}
