package io.contactsplatform.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Three workspaces with their API keys, configured (as SHA-256 only, with the keys' names) into every
 * service under test: A and B for the scenarios, C for a test that must see nothing but its own data
 * (the bad-input table compares the workspace's data before and after). Further workspaces start at
 * index 3. {@link #storedKey} adds a key to the shared key store, as the admin API does.
 */
public final class TestWorkspaces {

  public static final String WORKSPACE_A = "ws-a";
  public static final String KEY_A = "test-key-a";
  public static final String WORKSPACE_B = "ws-b";
  public static final String KEY_B = "test-key-b";
  /** Names of the two keys: the actor recorded for what they do. */
  public static final String KEY_A_NAME = "operator-a";
  public static final String KEY_B_NAME = "operator-b";
  public static final String WORKSPACE_C = "ws-c";
  public static final String KEY_C = "test-key-c";

  private TestWorkspaces() {
  }

  public static void register(DynamicPropertyRegistry registry) {
    registry.add("platform.auth.workspaces[0].id", () -> WORKSPACE_A);
    registry.add("platform.auth.workspaces[0].api-key-sha256", () -> sha256(KEY_A));
    registry.add("platform.auth.workspaces[1].id", () -> WORKSPACE_B);
    registry.add("platform.auth.workspaces[1].api-key-sha256", () -> sha256(KEY_B));
    registry.add("platform.auth.workspaces[2].id", () -> WORKSPACE_C);
    registry.add("platform.auth.workspaces[2].api-key-sha256", () -> sha256(KEY_C));
    registry.add("platform.auth.workspaces[0].key-name", () -> KEY_A_NAME);
    registry.add("platform.auth.workspaces[1].key-name", () -> KEY_B_NAME);
  }

  /**
   * Adds a key named {@code name} of {@code workspaceId} to the key store database (what
   * contact-service's admin API does) and returns its secret.
   */
  public static String storedKey(com.mongodb.reactivestreams.client.MongoDatabase keyStore, String workspaceId,
                                 String name) {
    String keyId = java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String secret = "cpk_" + keyId + "_" + java.util.UUID.randomUUID();
    reactor.core.publisher.Mono.from(keyStore.getCollection("api_keys").insertOne(
        new org.bson.Document("_id", sha256(secret)).append("keyId", keyId).append("workspaceId", workspaceId)
            .append("name", name).append("createdAt", new java.util.Date()))).block(java.time.Duration.ofSeconds(30));
    return secret;
  }

  public static String sha256(String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
