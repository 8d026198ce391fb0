package io.contactsplatform.support.admin;

import io.contactsplatform.support.admin.AdminViews.CreatedKey;
import io.contactsplatform.support.admin.AdminViews.KeyView;
import io.contactsplatform.support.admin.AdminViews.NewKey;
import io.contactsplatform.support.admin.AdminViews.NewWorkspace;
import io.contactsplatform.support.admin.AdminViews.WorkspaceView;
import io.contactsplatform.support.web.CursorPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The platform admin API: workspaces and their API keys. Only the platform admin credential reaches
 * it ({@code ApiKeyAuthenticationFilter}: workspace keys get 403); it acts across workspaces, so it
 * takes no {@code Workspace} argument. Served by the services that set
 * {@code platform.auth.admin.api-enabled} (contact-service).
 */
@RestController
@RequestMapping("/v1/admin/workspaces")
@Tag(name = "admin", description = "Workspaces and API keys (platform admin credential only)")
@SecurityRequirement(name = AdminApiAutoConfiguration.ADMIN_AUTH)
class AdminController {

  private final KeyAdministration administration;

  AdminController(KeyAdministration administration) {
    this.administration = administration;
  }

  @Operation(operationId = "adminCreateWorkspace", summary = "Create a workspace (409 when the id exists)")
  @ApiResponse(responseCode = "201", description = "Created")
  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Mono<WorkspaceView> createWorkspace(@RequestBody NewWorkspace request) {
    return administration.createWorkspace(request);
  }

  @Operation(operationId = "adminListWorkspaces", summary = "List workspaces by id")
  @GetMapping
  Mono<CursorPage<WorkspaceView>> listWorkspaces(@RequestParam(required = false) String cursor,
                                                @RequestParam(required = false) Integer pageSize) {
    return administration.listWorkspaces(cursor, pageSize);
  }

  @Operation(operationId = "adminCreateApiKey",
      summary = "Create a named API key; the answer carries its secret, shown this once")
  @ApiResponse(responseCode = "201", description = "Created")
  @PostMapping("/{workspaceId}/keys")
  @ResponseStatus(HttpStatus.CREATED)
  Mono<CreatedKey> createKey(@PathVariable String workspaceId, @RequestBody NewKey request) {
    return administration.createKey(workspaceId, request);
  }

  @Operation(operationId = "adminListApiKeys", summary = "List a workspace's keys (never their secrets)")
  @GetMapping("/{workspaceId}/keys")
  Mono<CursorPage<KeyView>> listKeys(@PathVariable String workspaceId, @RequestParam(required = false) String cursor,
                                     @RequestParam(required = false) Integer pageSize) {
    return administration.listKeys(workspaceId, cursor, pageSize);
  }

  @Operation(operationId = "adminRevokeApiKey",
      summary = "Revoke a key: refused on every service within the key store's cache period (10 s)")
  @DeleteMapping("/{workspaceId}/keys/{keyId}")
  Mono<KeyView> revokeKey(@PathVariable String workspaceId, @PathVariable String keyId) {
    return administration.revoke(workspaceId, keyId);
  }
}
