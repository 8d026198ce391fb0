package io.contactsplatform.support.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The platform admin credential: the SHA-256 of one secret, from {@code platform.auth.admin.api-key-sha256}
 * (environment or a file, never the command line). It opens {@code /v1/admin/**} on a service that
 * serves the admin API and nothing else: it is no workspace key. Compared in constant time.
 */
public final class AdminCredential {

  /** No admin API on this service. */
  public static final AdminCredential NONE = new AdminCredential(null, false);

  private final byte[] sha256Hex;
  private final boolean servesApi;

  /**
   * @param sha256Hex the admin key's SHA-256 (hex), or {@code null} when none is configured (every
   *                  admin request is then 401)
   * @param servesApi whether this service serves the admin API
   */
  public AdminCredential(String sha256Hex, boolean servesApi) {
    this.sha256Hex = sha256Hex == null ? null : ApiKeys.normalise(sha256Hex).getBytes(StandardCharsets.US_ASCII);
    this.servesApi = servesApi;
  }

  public boolean servesApi() {
    return servesApi;
  }

  /** Whether this hash (lower-case hex SHA-256 of the presented key) is the admin credential's. */
  public boolean matches(String presentedSha256Hex) {
    return sha256Hex != null
        && MessageDigest.isEqual(sha256Hex, presentedSha256Hex.getBytes(StandardCharsets.US_ASCII));
  }
}
