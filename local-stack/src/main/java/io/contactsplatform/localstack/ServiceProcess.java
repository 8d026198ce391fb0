package io.contactsplatform.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One service run as a child process from its repackaged {@code -exec.jar}, output appended to
 * a log file. Stopped with SIGTERM (Spring's graceful shutdown), killed if still alive after 30 s.
 */
final class ServiceProcess {

  private final String name;
  private final int port;
  private final Process process;
  private final Path log;

  private ServiceProcess(String name, int port, Process process, Path log) {
    this.name = name;
    this.port = port;
    this.process = process;
    this.log = log;
  }

  static ServiceProcess start(String name, Path root, int port, Path logDir, List<String> arguments) {
    Path jar = executableJar(root, name);
    try {
      Files.createDirectories(logDir);
      Path log = logDir.resolve(name + ".log");
      List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xms64m", "-Xmx" + heap(name), "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
      command.addAll(arguments);
      Process process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
      return new ServiceProcess(name, port, process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /**
   * Maximum heap: 384 MB, except variable-resolver-service, whose hot views hold every contact, DNC
   * number and audience row in memory (1 GB: about a million of them together); environment
   * variable {@code PLATFORM_HEAP_<SERVICE>} (e.g. {@code PLATFORM_HEAP_VARIABLE_RESOLVER_SERVICE=4g})
   * overrides it.
   */
  static String heap(String name) {
    String override = System.getenv("PLATFORM_HEAP_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    if (override != null && !override.isBlank()) {
      return override.trim();
    }
    return "variable-resolver-service".equals(name) ? "1g" : "384m";
  }

  static Path executableJar(Path root, String name) {
    Path target = root.resolve(name).resolve("target");
    try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
      return files.filter(p -> p.getFileName().toString().startsWith(name + "-")
              && p.getFileName().toString().endsWith("-exec.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no " + name + "/target/" + name
              + "-*-exec.jar under " + root + ": build first (mvn -DskipTests package)"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /** Waits until {@code /actuator/health} answers 200, or fails naming the log to read. */
  void awaitHealthy(Duration timeout) {
    HealthCheck.await(name, url(), process, log, timeout);
  }

  String name() {
    return name;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  Path log() {
    return log;
  }

  void stop() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
