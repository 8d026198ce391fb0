package io.contactsplatform.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./run.sh}'s entry point in a JVM of its own: it must end, non-zero, when it cannot start. */
class LocalStackMainTest {

  @TempDir
  Path root;

  @Test
  void shouldExitAtOnceNamingATakenPortAndStartNothing() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      Map<String, String> env = freePorts();
      env.put("CONTACT_SERVICE_PORT", String.valueOf(taken.getLocalPort()));

      Result result = runMain(env, 20);

      assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
      assertThat(result.output()).contains("port " + taken.getLocalPort() + " (CONTACT_SERVICE_PORT) is already in use: "
          + "stop what uses it or set CONTACT_SERVICE_PORT to a free port").doesNotContain("Starting");
      assertThat(root.resolve("data")).doesNotExist();
    }
  }

  @Test
  void shouldExitWhenTheStackFailsToStart() throws Exception {
    // no service jars below this root: broker and store start, the first service cannot
    Result result = runMain(freePorts(), 120);

    assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
    assertThat(result.output()).contains("failed to start");
  }

  private Map<String, String> freePorts() throws IOException {
    Map<String, String> env = new java.util.HashMap<>();
    for (String variable : StackConfig.fromEnvironment(Map.of()).portsByVariable().keySet()) {
      try (ServerSocket probe = new ServerSocket(0)) {
        env.put(variable, String.valueOf(probe.getLocalPort()));
      }
    }
    env.put("PLATFORM_ROOT", root.toString());
    return env;
  }

  private Result runMain(Map<String, String> env, int timeoutSeconds) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), LocalStack.class.getName()));
    Path output = root.resolve("main.out");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      throw new AssertionError("still running after " + timeoutSeconds + " s: "
          + Files.readString(output, StandardCharsets.UTF_8));
    }
    return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
  }

  private record Result(int exitCode, String output) {
  }
}
