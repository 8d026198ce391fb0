package io.contactsplatform.support.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The configured (bootstrap) keys: maps an API key to its {@link Workspace} by the key's SHA-256,
 * from {@code platform.auth.workspaces}. Immutable; keys created through the admin API live in the
 * {@link ApiKeyStore} instead.
 */
public final class ApiKeys {

  private final Map<String, Workspace> byHash;

  public ApiKeys(WorkspaceAuthProperties properties) {
    this.byHash = properties.workspaces().stream()
        .filter(k -> k.id() != null && !k.id().isBlank() && k.apiKeySha256() != null)
        .collect(Collectors.toUnmodifiableMap(k -> normalise(k.apiKeySha256()),
            k -> new Workspace(k.id(), Workspace.CONFIGURED_KEY_ID, k.keyName())));
  }

  /** The workspace of this key, if it is a configured key. */
  public Optional<Workspace> authenticate(String apiKey) {
    if (apiKey == null || apiKey.isBlank()) {
      return Optional.empty();
    }
    return Optional.ofNullable(byHash.get(sha256Hex(apiKey)));
  }

  /** The configured key with this hash, if any. */
  public Optional<Workspace> byHash(String sha256Hex) {
    return Optional.ofNullable(byHash.get(sha256Hex));
  }

  /** Every configured key's workspace and name (never the hash). */
  public List<Workspace> configured() {
    return byHash.values().stream().sorted(java.util.Comparator.comparing(Workspace::id)
        .thenComparing(Workspace::keyName)).toList();
  }

  /** Lower-case hex SHA-256 of a key, the form stored in configuration and in the key store. */
  public static String sha256Hex(String apiKey) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(apiKey.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String normalise(String sha256Hex) {
    return sha256Hex.trim().toLowerCase(Locale.ROOT);
  }
}
