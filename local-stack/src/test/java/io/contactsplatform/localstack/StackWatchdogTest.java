package io.contactsplatform.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watchdog of {@code ./run.sh}'s JVM: in a JVM of its own ({@link Main}) a real broker and store
 * are started and watched as {@link LocalStack#main} watches them; then one of them is killed, and
 * the JVM must end by itself with exit status 3, naming what died, its shutdown hooks run.
 */
class StackWatchdogTest {

  @TempDir
  Path dir;

  @Test
  void shouldStopTheStackLoudlyWhenTheBrokerDies() throws Exception {
    String output = runUntilExit("broker");

    assertThat(output).contains("The contacts platform stops: the Kafka broker (KRaft) at 127.0.0.1:")
        .contains("died (").contains("shutdown hooks ran");
  }

  @Test
  void shouldStopTheStackLoudlyWhenTheStoreDies() throws Exception {
    String output = runUntilExit("store");

    assertThat(output).contains("The contacts platform stops: the store (mongo-java-server, H2) died (")
        .contains("shutdown hooks ran");
  }

  @Test
  void shouldReportAPartOnlyAfterItFailedForTheWholeGrace() throws Exception {
    List<String> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
    boolean[] failing = {true};
    try (StackWatchdog watchdog = new StackWatchdog(List.of(new StackWatchdog.Probe("part",
        () -> failing[0] ? "down" : null)), Duration.ofHours(1), Duration.ofMillis(300), reports::add)) {
      watchdog.check();
      failing[0] = false;
      watchdog.check();
      failing[0] = true;
      watchdog.check();
      assertThat(reports).isEmpty();
      Thread.sleep(350);
      watchdog.check();
      watchdog.check();
      assertThat(reports).hasSize(1).first().asString().startsWith("part died (down for 0 s)");
    }
  }

  private String runUntilExit(String kill) throws Exception {
    Path output = dir.resolve("main.out");
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), dir.toString(), kill)
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("still running after 120 s: " + Files.readString(output, StandardCharsets.UTF_8));
    }
    String text = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(text).isEqualTo(LocalStack.DIED_EXIT_CODE);
    return text;
  }

  /** Starts broker and store on free ports below {@code args[0]}, watches them, then kills {@code args[1]}. */
  static final class Main {
    public static void main(String[] args) throws Exception {
      Path dir = Path.of(args[0]);
      KafkaKraftBroker broker = new KafkaKraftBroker(dir.resolve("kafka"), "127.0.0.1", freePort(), freePort()).start();
      EmbeddedMongo mongo = EmbeddedMongo.onDisk(dir.resolve("mongo").resolve("store.mv"), "127.0.0.1", 0).start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          mongo.close();
        } catch (RuntimeException e) {
          // already closed
        }
        broker.close();
        System.out.println("shutdown hooks ran");
      }));
      LocalStack.watch(broker, mongo, Duration.ofMillis(500), Duration.ofSeconds(2));
      Thread.sleep(1500);
      if (args[1].equals("broker")) {
        broker.close();
      } else {
        mongo.close();
      }
      Thread.sleep(60_000);
      System.out.println("watchdog did not notice");
    }

    private static int freePort() throws Exception {
      try (ServerSocket socket = new ServerSocket(0)) {
        return socket.getLocalPort();
      }
    }
  }
}
