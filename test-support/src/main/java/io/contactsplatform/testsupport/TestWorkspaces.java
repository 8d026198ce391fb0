package io.contactsplatform.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Three workspaces with their API keys, configured (as SHA-256 only) into every service under test:
 * A and B for the scenarios, C for a test that must see nothing but its own data (the bad-input
 * table compares the workspace's data before and after). Further workspaces start at index 3.
 */
public final class TestWorkspaces {

  public static final String WORKSPACE_A = "ws-a";
  public static final String KEY_A = "test-key-a";
  public static final String WORKSPACE_B = "ws-b";
  public static final String KEY_B = "test-key-b";
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
  }

  public static String sha256(String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
