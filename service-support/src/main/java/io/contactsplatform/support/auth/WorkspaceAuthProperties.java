package io.contactsplatform.support.auth;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * {@code platform.auth.*}: how requests are authenticated.
 *
 * <ul>
 *   <li>{@code workspaces[i].id / api-key-sha256 / key-name}: configured (bootstrap) keys, one per
 *       entry. Only the SHA-256 (hex) of a key is configured; the key itself never appears in
 *       configuration. Pass the hashes through the environment
 *       ({@code PLATFORM_AUTH_WORKSPACES_0_API_KEY_SHA256}) or a file ({@code spring.config.import}),
 *       never on the command line, where {@code ps} shows them.</li>
 *   <li>{@code key-store}: the shared store of keys created through the admin API ({@link ApiKeyStore}).</li>
 *   <li>{@code admin}: the platform admin credential and whether this service serves the admin API.</li>
 *   <li>{@code failure-throttle}: bounds failed authentications per client ({@link AuthFailureThrottle}).</li>
 * </ul>
 */
@ConfigurationProperties("platform.auth")
public record WorkspaceAuthProperties(List<WorkspaceKey> workspaces, FailureThrottle failureThrottle,
                                      KeyStore keyStore, Admin admin) {

  @ConstructorBinding
  public WorkspaceAuthProperties {
    workspaces = workspaces == null ? List.of() : List.copyOf(workspaces);
    failureThrottle = failureThrottle == null ? new FailureThrottle(0, null, 0) : failureThrottle;
    keyStore = keyStore == null ? new KeyStore(null, null, null, null) : keyStore;
    admin = admin == null ? new Admin(null, null) : admin;
  }

  public WorkspaceAuthProperties(List<WorkspaceKey> workspaces) {
    this(workspaces, null, null, null);
  }

  /**
   * One workspace and the SHA-256 of one of its API keys; {@code keyName} (default
   * {@value #DEFAULT_KEY_NAME}) is the actor its requests are recorded as.
   */
  public record WorkspaceKey(String id, String apiKeySha256, String keyName) {

    /** Name of a configured key that names none. */
    public static final String DEFAULT_KEY_NAME = "bootstrap";

    @ConstructorBinding
    public WorkspaceKey {
      keyName = keyName == null || keyName.isBlank() ? DEFAULT_KEY_NAME : keyName.trim();
    }

    public WorkspaceKey(String id, String apiKeySha256) {
      this(id, apiKeySha256, null);
    }
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

  /**
   * The shared key store ({@link ApiKeyStore}).
   *
   * @param enabled       whether keys created through the admin API are accepted (default true)
   * @param database      the MongoDB database holding them, on the service's MongoDB deployment
   *                      (default {@value ApiKeyStore#DEFAULT_DATABASE}); the same on every service
   * @param cacheTtl      how long an instance trusts what it looked up (default 10 s): a revoked key
   *                      stops working on every instance at most this long after the revocation
   * @param lookupTimeout how long a lookup may take before the request is answered 503 (default 2 s)
   */
  public record KeyStore(Boolean enabled, String database, Duration cacheTtl, Duration lookupTimeout) {

    public KeyStore {
      enabled = enabled == null || enabled;
      database = database == null || database.isBlank() ? ApiKeyStore.DEFAULT_DATABASE : database.trim();
      cacheTtl = cacheTtl == null || cacheTtl.isNegative() ? Duration.ofSeconds(10) : cacheTtl;
      lookupTimeout = lookupTimeout == null || lookupTimeout.isZero() || lookupTimeout.isNegative()
          ? Duration.ofSeconds(2) : lookupTimeout;
    }
  }

  /**
   * The platform admin credential and the admin API.
   *
   * @param apiKeySha256 SHA-256 (hex) of the platform admin key; without it every admin request is 401.
   *                     Environment ({@code PLATFORM_AUTH_ADMIN_API_KEY_SHA256}) or a file, never argv
   * @param apiEnabled   whether this service serves {@code /v1/admin/**} (contact-service does)
   */
  public record Admin(String apiKeySha256, Boolean apiEnabled) {

    public Admin {
      apiKeySha256 = apiKeySha256 == null || apiKeySha256.isBlank() ? null : ApiKeys.normalise(apiKeySha256);
      apiEnabled = apiEnabled != null && apiEnabled;
    }
  }
}
