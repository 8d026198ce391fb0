package io.contactsplatform.e2e;

import io.contactsplatform.localstack.StackConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local stack as {@code ./run.sh} runs it: {@code local-stack-*-exec.jar} in a JVM of its own
 * (Serial GC, {@code -XX:OnOutOfMemoryError}, heap {@code -Dsoak.stackHeap}, default run.sh's 6g
 * ceiling), its ports and data directory given through the variables run.sh documents
 * ({@link StackConfig#portsByVariable}, {@code DATA_DIR}), output appended to {@code stack.log} in the
 * data directory. {@link #killAll} SIGKILLs that JVM and every service JVM it started, all at once:
 * a crash of the whole machine's stack, not a stop. Started without run.sh itself so a test never
 * triggers its build step.
 */
final class StackProcess implements AutoCloseable {

  private static final String UP = "Contacts platform is up";

  private final StackConfig config;
  private final Path log;
  private Process process;

  StackProcess(StackConfig config) {
    this.config = config;
    this.log = config.dataDir().resolve("stack.log");
  }

  /** Starts the stack and waits until it says it is up (every service healthy); fails naming the log otherwise. */
  void start(Duration timeout) throws IOException, InterruptedException {
    Files.createDirectories(config.dataDir());
    long seen = Files.exists(log) ? Files.readString(log).split(UP, -1).length - 1 : 0;
    Path jar;
    try (var files = Files.list(config.root().resolve("local-stack").resolve("target"))) {
      jar = files.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("build first: no local-stack/target/*-exec.jar"));
    }
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-XX:+UseSerialGC", "-Xmx" + System.getProperty("soak.stackHeap", "6g"),
        "-XX:OnOutOfMemoryError=kill -TERM %p", "-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).directory(config.root().toFile())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    config.portsByVariable().forEach((variable, port) -> builder.environment().put(variable, Integer.toString(port)));
    builder.environment().put("DATA_DIR", config.dataDir().toString());
    builder.environment().put("PLATFORM_ROOT", config.root().toString());
    process = builder.start();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (Files.readString(log).split(UP, -1).length - 1 <= seen) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        killAll();
        throw new IllegalStateException("the stack did not come up within " + timeout + " (exit "
            + (process.isAlive() ? "-" : process.exitValue()) + "); see " + log);
      }
      Thread.sleep(250);
    }
  }

  /** SIGKILLs the stack JVM (broker, store) and every process it started, at the same moment. */
  void killAll() {
    if (process == null) {
      return;
    }
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    all.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle handle : all) {
      try {
        handle.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("pid " + handle.pid() + " survived SIGKILL", e);
      }
    }
  }

  String url(String service) {
    return "http://127.0.0.1:" + config.servicePorts().get(service);
  }

  String bootstrapServers() {
    return "127.0.0.1:" + config.kafkaPort();
  }

  Path log() {
    return log;
  }

  /** Stops the stack as Ctrl-C does (SIGTERM: services, store, broker), killing what is left after 2 minutes. */
  @Override
  public void close() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        killAll();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      killAll();
    } catch (UncheckedIOException e) {
      killAll();
    }
  }
}
