package io.contactsplatform.support.auth;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * API keys per workspace ({@code platform.auth.workspaces[i].id / api-key-sha256}). Only the
 * SHA-256 (hex) of a key is configured; the key itself never appears in configuration. Pass the
 * hashes through the environment ({@code PLATFORM_AUTH_WORKSPACES_0_API_KEY_SHA256}) or a file
 * ({@code spring.config.import}), never on the command line, where {@code ps} shows them.
 * {@code failure-throttle} bounds failed authentications per client ({@link AuthFailureThrottle}).
 */
@ConfigurationProperties("platform.auth")
public record WorkspaceAuthProperties(List<WorkspaceKey> workspaces, FailureThrottle failureThrottle) {

  @ConstructorBinding
  public WorkspaceAuthProperties {
    workspaces = workspaces == null ? List.of() : List.copyOf(workspaces);
    failureThrottle = failureThrottle == null ? new FailureThrottle(0, null, 0) : failureThrottle;
  }

  public WorkspaceAuthProperties(List<WorkspaceKey> workspaces) {
    this(workspaces, null);
  }

  /** One workspace and the SHA-256 of one of its API keys. */
  public record WorkspaceKey(String id, String apiKeySha256) {
  }

  /**
   * At most {@code maxFailures} failed authentications per client per {@code window} (default 20
   * per 10 s) before 429; buckets for at most {@code maxClients} client addresses (default 100,000).
   */
  public record FailureThrottle(int maxFailures, Duration window, int maxClients) {

    public FailureThrottle {
      maxFailures = maxFailures <= 0 ? 20 : maxFailures;
      window = window == null || window.isZero() || window.isNegative() ? AuthFailureThrottle.defaultWindow() : window;
      maxClients = maxClients <= 0 ? 100_000 : maxClients;
    }
  }
}
