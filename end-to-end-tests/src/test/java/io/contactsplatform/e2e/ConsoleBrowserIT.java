package io.contactsplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.localstack.LocalStack;
import io.contactsplatform.localstack.StackConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The operator console in a real headless Chromium against the real services of the
 * {@link SharedStack} (the local stack with the console): seeds contacts and custom fields of its
 * own through the API (names, numbers and field keys carry a run id, so the other tests' data never
 * matches), then runs {@code console/web/e2e/run.mjs} (playwright-core driving {@code /usr/bin/chromium};
 * one function per flow: sign in, two-condition custom-field filter, save as segment with its count,
 * bulk tag, edit → timeline, DNC from the contact page, custom fields; the import wizard with
 * {@code customers-100.csv} and its errors CSV, a mapping clash, DNC add/check/remove/audit, a campaign
 * edited in two pages and restored, a call preview and a readiness report with its chart; the other
 * workspace sees nothing; the console II flows seed what they need through the console's API) and asserts that every flow passed. Screenshots of each page go to {@code docs/screenshots}.
 * Needs node and chromium on the machine ({@code .ci/run} installs chromium) and the console built
 * with its web app (not {@code -Dconsole.web.skip}).
 */
class ConsoleBrowserIT {

  private static final PlatformHttp demo = new PlatformHttp("demo-key");
  private static final PlatformHttp demo2 = new PlatformHttp("demo2-key");

  @Test
  void shouldCarryEveryContactsFlowInTheBrowser() throws Exception {
    LocalStack stack = SharedStack.get();
    String run = "r" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
    seed(stack, run);
    Path root = SharedStack.root();
    Path web = root.resolve("console/web");
    assertThat(web.resolve("node_modules/playwright-core")).as("npm ci ran for console/web").isDirectory();
    Path log = Files.createTempFile("console-e2e-", ".log");
    ProcessBuilder browserTests = new ProcessBuilder("node", "e2e/run.mjs")
        .directory(web.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    browserTests.environment().put("CONSOLE_URL", stack.url(StackConfig.CONSOLE));
    browserTests.environment().put("RUN", run);
    browserTests.environment().put("SCREENSHOT_DIR", root.resolve("docs/screenshots").toString());
    browserTests.environment().put("FAILURE_DIR", root.resolve("end-to-end-tests/target").toString());
    Process node = browserTests.start();
    boolean ended = node.waitFor(8, TimeUnit.MINUTES);
    if (!ended) {
      node.destroyForcibly();
    }
    String output = Files.readString(log);
    System.out.println(output);
    assertThat(ended).as("browser flows ended within 8 minutes").isTrue();
    assertThat(node.exitValue()).as("failed browser flows:%n%s", output).isZero();
    assertThat(output).contains("PASS sign in").doesNotContain("FAIL");
  }

  /**
   * demo: custom fields plan_&lt;run&gt; (ENUM gold/silver) and score_&lt;run&gt; (NUMBER), five contacts whose
   * company ends with the run id; demo2: one contact of its own.
   */
  private static void seed(LocalStack stack, String run) {
    String contacts = stack.url(StackConfig.CONTACT);
    created(demo.post(contacts + "/v1/custom-fields", "{\"key\":\"plan_" + run
        + "\",\"label\":\"Plan " + run + "\",\"type\":\"ENUM\",\"allowedValues\":[\"gold\",\"silver\"],\"owner\":\"sales-ops\"}"));
    created(demo.post(contacts + "/v1/custom-fields", "{\"key\":\"score_" + run
        + "\",\"label\":\"Score " + run + "\",\"type\":\"NUMBER\",\"owner\":\"growth\"}"));
    String[][] people = {
        {"Ada", "Lovelace", "Analytical Engines", "gold", "80"},
        {"Grace", "Hopper", "Compilers Inc", "gold", "40"},
        {"Alan", "Turing", "Bletchley Park", "silver", "90"},
        {"Katherine", "Johnson", "NACA", "gold", "65"},
        {"Edsger", "Dijkstra", "Eindhoven", null, null}};
    for (String[] p : people) {
      String custom = p[3] == null ? "{}"
          : "{\"plan_" + run + "\":\"" + p[3] + "\",\"score_" + run + "\":" + p[4] + "}";
      created(demo.post(contacts + "/v1/contacts", "{\"phone\":\"" + phone() + "\",\"firstName\":\"" + p[0]
          + "\",\"lastName\":\"" + p[1] + "\",\"company\":\"" + p[2] + " " + run + "\",\"customFields\":" + custom + "}"));
    }
    created(demo2.post(contacts + "/v1/contacts", "{\"phone\":\"" + phone()
        + "\",\"firstName\":\"Someone\",\"lastName\":\"Other\",\"company\":\"Elsewhere " + run + "\"}"));
  }

  /** A valid US number no other test uses (exchange 200-999, random line). */
  private static String phone() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return "+1 646 " + (200 + random.nextInt(800)) + " " + String.format("%04d", random.nextInt(10_000));
  }

  private static void created(PlatformHttp.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(201);
  }
}
