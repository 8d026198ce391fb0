package io.contactsplatform.e2e;

import io.contactsplatform.localstack.LocalStack;
import io.contactsplatform.localstack.StackConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One local stack (the launcher {@code ./run.sh} uses: real KRaft broker, on-disk store, the four
 * services and the console as processes) for all end-to-end tests of a test JVM, on free ports, started by the
 * first test that asks and stopped by the stack's own shutdown hook when the JVM ends. Tests share
 * its data, so each must use numbers and names of its own and must not assume an empty workspace.
 */
final class SharedStack {

  private static StackConfig config;
  private static LocalStack stack;

  private SharedStack() {
  }

  static synchronized LocalStack get() {
    if (stack == null) {
      try {
        Path root = Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();
        config = new StackConfig(root, Files.createTempDirectory("e2e-stack-"), "127.0.0.1", freePort(), freePort(),
            freePort(), Map.of(StackConfig.CONTACT, freePort(), StackConfig.IMPORT, freePort(), StackConfig.DNC,
            freePort(), StackConfig.RESOLVER, freePort(), StackConfig.CONSOLE, freePort()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      stack = LocalStack.start(config);
    }
    return stack;
  }

  /** Where the shared stack listens, by the variables {@code ./run.sh} reads ({@code KAFKA_PORT}, ...). */
  static synchronized Map<String, Integer> portsByVariable() {
    get();
    return config.portsByVariable();
  }

  static Path root() {
    return Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
