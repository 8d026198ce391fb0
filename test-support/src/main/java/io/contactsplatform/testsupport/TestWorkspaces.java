package io.contactsplatform.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Two workspaces with their API keys, configured (as SHA-256 only) into every service under test. */
public final class TestWorkspaces {

  public static final String WORKSPACE_A = "ws-a";
  public static final String KEY_A = "test-key-a";
  public static final String WORKSPACE_B = "ws-b";
  public static final String KEY_B = "test-key-b";

  private TestWorkspaces() {
  }

  public static void register(DynamicPropertyRegistry registry) {
    registry.add("platform.auth.workspaces[0].id", () -> WORKSPACE_A);
    registry.add("platform.auth.workspaces[0].api-key-sha256", () -> sha256(KEY_A));
    registry.add("platform.auth.workspaces[1].id", () -> WORKSPACE_B);
    registry.add("platform.auth.workspaces[1].api-key-sha256", () -> sha256(KEY_B));
  }

  public static String sha256(String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
