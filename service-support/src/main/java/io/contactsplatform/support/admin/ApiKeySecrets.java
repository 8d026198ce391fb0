package io.contactsplatform.support.admin;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * New API keys: a key id of 12 hex characters (48 random bits, shown in lists and logs to identify
 * a key) and a secret {@code cpk_<keyId>_<43 base64url characters>} carrying 256 random bits from
 * {@link SecureRandom}. Only the secret's SHA-256 is stored: for a secret of this entropy a fast hash
 * is the standard choice (no dictionary to attack, so no slow KDF is needed, and lookups stay one
 * read by {@code _id}).
 */
final class ApiKeySecrets {

  /** The start of every generated secret; lets secret scanners recognise a leaked key. */
  static final String PREFIX = "cpk_";

  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeySecrets() {
  }

  /** A key id and its secret. */
  record Generated(String keyId, String secret) {
  }

  static Generated generate() {
    byte[] id = new byte[6];
    byte[] secret = new byte[32];
    RANDOM.nextBytes(id);
    RANDOM.nextBytes(secret);
    String keyId = HexFormat.of().formatHex(id);
    return new Generated(keyId, prefix(keyId) + Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
  }

  /** The visible start of a key's secret, e.g. {@code cpk_3f9a1c2e8b7d_}. */
  static String prefix(String keyId) {
    return PREFIX + keyId + "_";
  }
}
