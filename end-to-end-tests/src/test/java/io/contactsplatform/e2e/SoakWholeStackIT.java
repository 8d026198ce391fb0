package io.contactsplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.contactsplatform.localstack.StackConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Soak and fault suite, part two: the whole stack (broker, store, the four services, the console)
 * SIGKILLed at once a quarter of the way through an import of {@link SoakFaultIT#ROWS} rows, then
 * started again on the same data directory, as {@code ./run.sh} would be after a power cut. Counts
 * lost and duplicated contacts, jobs left stuck, and the time to recover; prints one {@code [soak]}
 * line. Runs the stack as a process of its own ({@link StackProcess}) on free ports.
 */
class SoakWholeStackIT {

  private static StackProcess stack;

  @BeforeAll
  static void startStack() throws Exception {
    Path root = Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();
    StackConfig config = new StackConfig(root, Files.createTempDirectory("soak-whole-stack-"), "127.0.0.1",
        StackConfig.freePort(), StackConfig.freePort(), StackConfig.freePort(), Map.of(
            StackConfig.CONTACT, StackConfig.freePort(), StackConfig.IMPORT, StackConfig.freePort(),
            StackConfig.DNC, StackConfig.freePort(), StackConfig.RESOLVER, StackConfig.freePort(),
            StackConfig.CONSOLE, StackConfig.freePort()));
    stack = new StackProcess(config);
    Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "soak-whole-stack-stop"));
    stack.start(startTimeout());
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void importSurvivesASigkillOfTheWholeStackMidWay() throws Exception {
    int rows = SoakFaultIT.ROWS;
    String tag = "soak-kill-stack";
    SoakImports imports = new SoakImports(stack.url(StackConfig.IMPORT), stack.url(StackConfig.CONTACT));
    String job = imports.start(6_000_000, rows, tag, null);
    long killAt = Math.max(1, rows / 4);
    imports.await(job, body -> SoakImports.done(body) >= killAt, SoakFaultIT.JOB_TIMEOUT);
    long doneAtKill = SoakImports.done(imports.job(job));
    stack.killAll();
    long killed = System.nanoTime();
    stack.start(startTimeout());
    long up = System.nanoTime();
    imports.await(job, body -> SoakImports.done(body) > doneAtKill || "COMPLETED".equals(SoakImports.status(body)),
        SoakFaultIT.JOB_TIMEOUT);
    long recovered = System.nanoTime();

    String finished = imports.await(job, SoakImports::finished, SoakFaultIT.JOB_TIMEOUT);
    long contacts = imports.contactsTagged(tag, false);
    long created = SoakImports.count(finished, "$.created");
    long lost = Math.max(0, rows - contacts);
    long duplicated = Math.max(0, contacts - rows);
    PlatformHttp.Response history = new PlatformHttp("demo-key").get(stack.url(StackConfig.IMPORT) + "/v1/imports");
    assertThat(history.status()).as(history.body()).isEqualTo(200);
    List<String> stuck = JsonPath.read(history.body(), "$.items[?(@.status == 'RUNNING' || @.status == 'QUEUED')].id");
    System.out.printf("[soak] import %d rows, whole stack SIGKILLed at %d done and started again on its data:"
            + " status %s, created %d, updated %d, unchanged %d, contacts %d, lost %d, duplicated %d, stuck jobs %d;"
            + " kill to stack up %.1f s, up to first answered row %.1f s, kill to first answered row %.1f s%n", rows,
        doneAtKill, SoakImports.status(finished), created, SoakImports.count(finished, "$.updated"),
        SoakImports.count(finished, "$.unchanged"), contacts, lost, duplicated, stuck.size(),
        SoakFaultIT.seconds(killed, up), SoakFaultIT.seconds(up, recovered), SoakFaultIT.seconds(killed, recovered));

    assertThat(SoakImports.status(finished)).as(finished).isEqualTo("COMPLETED");
    assertThat(lost).as("lost").isZero();
    assertThat(duplicated).as("duplicated").isZero();
    assertThat(created).as(finished).isEqualTo(rows);
    assertThat(stuck).as("jobs left RUNNING or QUEUED").isEmpty();
    assertThat(Duration.ofNanos(recovered - up)).as("stack up to first answered row").isLessThan(SoakFaultIT.RECOVERY_BOUND);
  }

  /**
   * How long a whole start may take: the stack bounds each of its two start phases (services, then the
   * console) by {@code PLATFORM_START_TIMEOUT_SECONDS} (180 s) and stops when one is exceeded; this
   * waits for both and some margin.
   */
  private static Duration startTimeout() {
    String seconds = System.getenv("PLATFORM_START_TIMEOUT_SECONDS");
    return Duration.ofSeconds(2 * (seconds == null || seconds.isBlank() ? 180 : Long.parseLong(seconds.trim())) + 60);
  }
}
