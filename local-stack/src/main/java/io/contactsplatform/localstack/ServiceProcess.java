package io.contactsplatform.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One service run as a child process from its repackaged {@code -exec.jar}, output appended to
 * a log file, with the JVM options docker-compose gives it ({@link #jvmOptions}). Its management
 * port ({@code MANAGEMENT_PORT}: health, metrics) and any secrets are passed in the child's
 * environment, never on its command line, where {@code ps} shows them to every user. Stopped with
 * SIGTERM (Spring's graceful shutdown), killed if still alive after 30 s. Benchmarks use it to run
 * a service in a JVM of its own, as deployed.
 */
public final class ServiceProcess implements AutoCloseable {

  private static final String RESOLVER = "variable-resolver-service";

  private final String name;
  private final int port;
  private final int managementPort;
  private final Process process;
  private final Path log;
  private final List<String> command;

  private ServiceProcess(String name, int port, int managementPort, Process process, Path log, List<String> command) {
    this.name = name;
    this.port = port;
    this.managementPort = managementPort;
    this.process = process;
    this.log = log;
    this.command = List.copyOf(command);
  }

  /** Starts {@code <root>/<name>/target/<name>-*-exec.jar} with {@link #jvmOptions} and {@code arguments}. */
  public static ServiceProcess start(String name, Path root, int port, Path logDir, List<String> arguments) {
    return start(name, root, port, logDir, jvmOptions(name), arguments);
  }

  /** Starts the service's jar with the given JVM options instead of its defaults, its management port a free one. */
  public static ServiceProcess start(String name, Path root, int port, Path logDir, List<String> jvmOptions,
                                     List<String> arguments) {
    return start(name, root, port, StackConfig.freePort(), logDir, jvmOptions, arguments, Map.of());
  }

  /**
   * Starts the service's jar: API on {@code port}, management on {@code managementPort}, and
   * {@code environment} added to the child's environment (secrets such as
   * {@code PLATFORM_AUTH_WORKSPACES_0_API_KEY_SHA256} go there, not into {@code arguments}).
   */
  public static ServiceProcess start(String name, Path root, int port, int managementPort, Path logDir,
                                     List<String> jvmOptions, List<String> arguments, Map<String, String> environment) {
    return start(name, name, root, port, managementPort, logDir, jvmOptions, arguments, environment);
  }

  /**
   * Starts one instance of a service: the jar of {@code service}, named {@code instance} (its log is
   * {@code <instance>.log}), otherwise as {@link #start(String, Path, int, int, Path, List, List, Map)}.
   */
  public static ServiceProcess start(String service, String instance, Path root, int port, int managementPort,
                                     Path logDir, List<String> jvmOptions, List<String> arguments,
                                     Map<String, String> environment) {
    String name = instance;
    Path jar = executableJar(root, service);
    try {
      Files.createDirectories(logDir);
      Path log = logDir.resolve(name + ".log");
      List<String> command = new ArrayList<>();
      command.add(javaBinary());
      command.addAll(jvmOptions);
      command.add("-jar");
      command.add(jar.toString());
      command.addAll(arguments);
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(environment);
      builder.environment().put("MANAGEMENT_PORT", Integer.toString(managementPort));
      Process process = builder.start();
      return new ServiceProcess(name, port, managementPort, process, log, command);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /**
   * The JVM options of a service, the same as docker-compose's: {@code -Xmx} from {@link #heap};
   * the Serial collector for the 384 MB services (throughput, nothing latency-bound); for
   * variable-resolver-service, whose answers are latency-bound and whose hot views make a large,
   * long-lived heap, G1 promoting what survives one young collection (its only medium-lived data
   * are the answers it remembers for ~100 s; copied between survivor spaces up to 15 times by
   * default, they made young pauses 20–40 ms instead of ~5 ms).
   * {@code PLATFORM_JAVA_OPTS_<SERVICE>} (whitespace-separated) replaces everything but the heap.
   */
  public static List<String> jvmOptions(String name) {
    List<String> options = new ArrayList<>(List.of("-Xms64m", "-Xmx" + heap(name)));
    String override = System.getenv("PLATFORM_JAVA_OPTS_" + envSuffix(name));
    if (override != null && !override.isBlank()) {
      options.addAll(List.of(override.trim().split("\\s+")));
    } else if (RESOLVER.equals(name)) {
      options.addAll(List.of("-XX:+UseG1GC", "-XX:MaxTenuringThreshold=1"));
    } else {
      options.add("-XX:+UseSerialGC");
    }
    return options;
  }

  private static String envSuffix(String name) {
    return name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
  }

  /**
   * Maximum heap: 384 MB, except variable-resolver-service (512 MB: its contacts, DNC numbers and
   * audience rows live in RocksDB stores on disk, so its heap no longer grows with them); environment
   * variable {@code PLATFORM_HEAP_<SERVICE>} (e.g. {@code PLATFORM_HEAP_VARIABLE_RESOLVER_SERVICE=4g})
   * overrides it.
   */
  static String heap(String name) {
    String override = System.getenv("PLATFORM_HEAP_" + envSuffix(name));
    if (override != null && !override.isBlank()) {
      return override.trim();
    }
    return RESOLVER.equals(name) ? "512m" : "384m";
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

  /** Waits until {@code /actuator/health} on the management port answers 200, or fails naming the log to read. */
  public void awaitHealthy(Duration timeout) {
    HealthCheck.await(name, managementUrl(), process, log, timeout);
  }

  /** Base URL of the management server (health, info, prometheus), e.g. {@code http://127.0.0.1:9081}. */
  public String managementUrl() {
    return "http://127.0.0.1:" + managementPort;
  }

  /** The child's command line as started (what {@code ps} shows). */
  public List<String> command() {
    return command;
  }

  public String name() {
    return name;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The service's JVM process (its CPU time, its threads under {@code /proc}). */
  public ProcessHandle handle() {
    return process.toHandle();
  }

  public Path log() {
    return log;
  }

  @Override
  public void close() {
    stop();
  }

  /** SIGKILLs the process (fault injection: no graceful shutdown, no leaving the consumer group). */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
