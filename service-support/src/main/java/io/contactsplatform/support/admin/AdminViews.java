package io.contactsplatform.support.admin;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** The admin API's request and response bodies. */
final class AdminViews {

  private AdminViews() {
  }

  /** Body of {@code POST /v1/admin/workspaces}. */
  record NewWorkspace(
      @Schema(description = "Workspace id: 2-63 characters, lower-case letters, digits and '-', starting with a letter or digit",
          example = "acme") String id,
      @Schema(description = "Optional display name, at most 200 characters", example = "Acme Inc.") String displayName) {
  }

  /** A workspace. {@code configured}: provisioned by service configuration (bootstrap), not the admin API. */
  record WorkspaceView(String id, String displayName, Instant createdAt, boolean configured) {
  }

  /** Body of {@code POST /v1/admin/workspaces/{workspaceId}/keys}. */
  record NewKey(
      @Schema(description = "Key name, recorded as the actor of everything done with the key: 1-63 characters, "
          + "letters, digits, '.', '_' and '-', starting with a letter or digit; unique in the workspace, "
          + "also after revocation", example = "dialer") String name) {
  }

  /** A new key, the only answer that ever carries its secret. */
  record CreatedKey(String keyId, String workspaceId, String name, String prefix, Instant createdAt,
                    @Schema(description = "The API key itself. Shown once: only its SHA-256 is stored") String secret) {
  }

  /**
   * A key as listed: never its secret. {@code lastUsedAt} is updated at most once per cache period
   * (10 s) per service instance; {@code configured} keys come from service configuration and are
   * revoked there.
   */
  record KeyView(String keyId, String workspaceId, String name, String prefix, Instant createdAt,
                 Instant lastUsedAt, Instant revokedAt, boolean revoked, boolean configured) {
  }
}
