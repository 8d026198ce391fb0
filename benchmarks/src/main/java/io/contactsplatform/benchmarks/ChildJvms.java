package io.contactsplatform.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Helpers for a benchmark part run in a JVM of its own, started from this benchmark's executable
 * jar: the command line on the parent side, and on the child side a wait that ends when the
 * parent is gone (its standard input closes), so a child never outlives the benchmark.
 */
public final class ChildJvms {

  private ChildJvms() {
  }

  /** The command that runs {@code main} with {@code jvmOptions} and {@code arguments}. */
  public static List<String> command(Class<?> main, List<String> jvmOptions, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    // this jar is a Spring Boot executable jar: its launcher finds the class in BOOT-INF
    command.addAll(List.of("-cp", ManagementFactory.getRuntimeMXBean().getClassPath(),
        "-Dloader.main=" + main.getName(), "org.springframework.boot.loader.launch.PropertiesLauncher"));
    command.addAll(List.of(arguments));
    return command;
  }

  /** Child side: returns once the parent has closed this JVM's standard input (or died). */
  public static void awaitParentGone() throws IOException {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      while (in.readLine() != null) {
        // the parent never writes; end of input means it is gone
      }
    }
  }
}
