package io.contactsplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.contactsplatform.localstack.LocalStack;
import io.contactsplatform.localstack.StackConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Soak and fault suite: scenarios that break a running stack and count what survives. Each prints
 * its counts (lost, duplicated, job status, time to recover). Runs on a stack of its own (it kills
 * services; the {@link SharedStack} must not see that), in the {@code demo} workspace of an empty
 * data directory. The short form (CI) imports {@value #SHORT_ROWS} rows; {@code -Dsoak.rows=1000000}
 * runs the full form ({@code mvn -pl end-to-end-tests -am verify -Dit.test=SoakFaultIT -Dsoak.rows=1000000}).
 *
 * <p>Scenario covered: an import with contact-service SIGKILLed mid-way and restarted. Not yet here
 * (see docs/operations.md "Soak and fault suite"): killing import-service or the whole stack, DNC while
 * the resolver is down, poison records on every topic, the 1,000,000-contact export/search run.
 */
class SoakFaultIT {

  static final int SHORT_ROWS = 2_000;
  private static final int ROWS = Integer.getInteger("soak.rows", SHORT_ROWS);
  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(Math.max(180, ROWS / 200));

  private static LocalStack stack;
  private final PlatformHttp demo = new PlatformHttp("demo-key");

  @BeforeAll
  static void startOwnStack() throws IOException {
    Path root = Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();
    stack = LocalStack.start(new StackConfig(root, Files.createTempDirectory("soak-stack-"), "127.0.0.1", freePort(),
        freePort(), freePort(), Map.of(StackConfig.CONTACT, freePort(), StackConfig.IMPORT, freePort(),
        StackConfig.DNC, freePort(), StackConfig.RESOLVER, freePort())));
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void importSurvivesASigkillOfContactServiceMidWay() throws Exception {
    StringBuilder csv = new StringBuilder("phone,first_name\n");
    for (int i = 0; i < ROWS; i++) {
      csv.append(String.format("+1415%07d,Soak%d%n", 2_000_000 + i, i));
    }
    PlatformHttp.Response started = demo.postCsv(stack.url(StackConfig.IMPORT) + "/v1/imports", "soak.csv",
        csv.toString(), "{\"mapping\":{\"phone\":\"phone\",\"first_name\":\"first_name\"}}");
    assertThat(started.status()).as(started.body()).isEqualTo(202);
    String job = "/v1/imports/" + JsonPath.read(started.body(), "$.importId");

    long killAt = Math.max(1, ROWS / 4);
    awaitJob(job, body -> done(body) >= killAt, Duration.ofSeconds(120));
    long doneAtKill = done(getJob(job));
    stack.kill(StackConfig.CONTACT);
    long killed = System.nanoTime();
    stack.restart(StackConfig.CONTACT);
    long restarted = System.nanoTime();
    // recovery: from the restarted service being healthy to the import's next answered row
    awaitJob(job, body -> done(body) > doneAtKill || "COMPLETED".equals(JsonPath.read(body, "$.status")),
        Duration.ofSeconds(120));
    long recovered = System.nanoTime();

    String finished = awaitJob(job, body -> !"RUNNING".equals(JsonPath.read(body, "$.status"))
        && !"QUEUED".equals(JsonPath.read(body, "$.status")), JOB_TIMEOUT);
    PlatformHttp.Response list = demo.get(stack.url(StackConfig.CONTACT) + "/v1/contacts?pageSize=1");
    assertThat(list.status()).as("contacts after the restart: " + list.body()).isEqualTo(200);
    long contacts = ((Number) JsonPath.read(list.body(), "$.total")).longValue();
    long created = ((Number) JsonPath.read(finished, "$.created")).longValue();
    long updated = ((Number) JsonPath.read(finished, "$.updated")).longValue();
    long unchanged = ((Number) JsonPath.read(finished, "$.unchanged")).longValue();
    long lost = Math.max(0, ROWS - contacts);
    long duplicated = Math.max(0, contacts - ROWS);
    System.out.printf("[soak] import %d rows, contact-service SIGKILLed at %d done: status %s, created %d, updated %d,"
            + " unchanged %d, contacts %d, lost %d, duplicated %d; restart to healthy %.1f s, healthy to first"
            + " answered row %.1f s, kill to first answered row %.1f s%n", ROWS, doneAtKill,
        JsonPath.read(finished, "$.status"), created, updated, unchanged, contacts, lost, duplicated,
        (restarted - killed) / 1e9, (recovered - restarted) / 1e9, (recovered - killed) / 1e9);

    assertThat((String) JsonPath.read(finished, "$.status")).as(finished).isEqualTo("COMPLETED");
    assertThat(lost).as("lost").isZero();
    assertThat(duplicated).as("duplicated").isZero();
    assertThat(created).as(finished).isEqualTo(ROWS);
    assertThat(Duration.ofNanos(recovered - restarted)).as("healthy to first answered row").isLessThan(Duration.ofSeconds(15));
  }

  private String getJob(String path) {
    PlatformHttp.Response response = demo.get(stack.url(StackConfig.IMPORT) + path);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private static long done(String body) {
    return ((Number) JsonPath.read(body, "$.doneRows")).longValue();
  }

  private String awaitJob(String path, java.util.function.Predicate<String> condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String body = getJob(path);
    while (!condition.test(body)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("import not there after " + timeout + ": " + body);
      }
      Thread.sleep(100);
      body = getJob(path);
    }
    return body;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
