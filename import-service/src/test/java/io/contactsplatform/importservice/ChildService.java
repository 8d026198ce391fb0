package io.contactsplatform.importservice;

import io.contactsplatform.localstack.HealthCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * import-service in a child JVM on the test classpath, so a test can kill it with SIGKILL (no
 * shutdown hooks, no graceful stop). Output goes to {@code target/<name>.log}.
 */
final class ChildService {

  private final Process process;
  private final int port;
  private final int managementPort;

  private ChildService(Process process, int port, int managementPort) {
    this.process = process;
    this.port = port;
    this.managementPort = managementPort;
  }

  static ChildService start(List<String> arguments) throws IOException {
    int port;
    int managementPort;
    try (ServerSocket socket = new ServerSocket(0); ServerSocket management = new ServerSocket(0)) {
      port = socket.getLocalPort();
      managementPort = management.getLocalPort();
    }
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=" + System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES", ""),
        "-cp", System.getProperty("java.class.path"), ImportServiceApplication.class.getName(),
        "--server.port=" + port, "--management.server.port=" + managementPort));
    command.addAll(arguments);
    Path log = Path.of("target", "import-service-child.log");
    Files.createDirectories(log.getParent());
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
    ChildService child = new ChildService(process, port, managementPort);
    child.awaitHealthy(Duration.ofSeconds(120), log);
    return child;
  }

  private void awaitHealthy(Duration timeout, Path log) {
    try {
      HealthCheck.await("child import-service", "http://127.0.0.1:" + managementPort, process, log, timeout);
    } catch (IllegalStateException e) {
      kill();
      throw e;
    }
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  WebTestClient client() {
    return WebTestClient.bindToServer().baseUrl(url()).responseTimeout(Duration.ofSeconds(30)).build();
  }

  /** SIGKILL, and wait for the process to be gone. */
  void kill() {
    if (!process.isAlive()) {
      return;
    }
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("child import-service did not die");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
