package io.contactsplatform.support.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Maps an API key to its workspace by the key's SHA-256. Immutable. */
public final class ApiKeys {

  private final Map<String, Workspace> byHash;

  public ApiKeys(WorkspaceAuthProperties properties) {
    this.byHash = properties.workspaces().stream()
        .filter(k -> k.id() != null && !k.id().isBlank() && k.apiKeySha256() != null)
        .collect(Collectors.toUnmodifiableMap(k -> k.apiKeySha256().trim().toLowerCase(Locale.ROOT),
            k -> new Workspace(k.id())));
  }

  /** The workspace of this key, if the key is known. */
  public Optional<Workspace> authenticate(String apiKey) {
    if (apiKey == null || apiKey.isBlank()) {
      return Optional.empty();
    }
    return Optional.ofNullable(byHash.get(sha256Hex(apiKey)));
  }

  /** Lower-case hex SHA-256 of a key, the form stored in configuration. */
  public static String sha256Hex(String apiKey) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(apiKey.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
