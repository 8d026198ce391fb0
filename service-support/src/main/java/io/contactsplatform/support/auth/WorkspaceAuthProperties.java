package io.contactsplatform.support.auth;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * API keys per workspace ({@code platform.auth.workspaces[i].id / api-key-sha256}). Only the
 * SHA-256 (hex) of a key is configured; the key itself never appears in configuration.
 */
@ConfigurationProperties("platform.auth")
public record WorkspaceAuthProperties(List<WorkspaceKey> workspaces) {

  public WorkspaceAuthProperties {
    workspaces = workspaces == null ? List.of() : List.copyOf(workspaces);
  }

  /** One workspace and the SHA-256 of one of its API keys. */
  public record WorkspaceKey(String id, String apiKeySha256) {
  }
}
