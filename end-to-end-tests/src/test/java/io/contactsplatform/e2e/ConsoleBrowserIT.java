package io.contactsplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.localstack.LocalStack;
import io.contactsplatform.localstack.StackConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator console in a real headless Chromium against the real services: starts the local
 * stack with the console (free ports, fresh data), seeds two workspaces through the API, then runs
 * {@code console/web/e2e/run.mjs} (playwright-core driving {@code /usr/bin/chromium}; one function per
 * flow: sign in, two-condition custom-field filter, save as segment with its count, bulk tag, edit →
 * timeline, DNC from the contact page, custom fields, the other workspace sees nothing) and asserts
 * that every flow passed. Screenshots of each page go to {@code docs/screenshots}.
 * Needs node and chromium on the machine ({@code .ci/run} installs chromium) and the console built
 * with its web app (not {@code -Dconsole.web.skip}).
 */
class ConsoleBrowserIT {

  private static final Path ROOT = Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();
  private static LocalStack stack;
  private static final PlatformHttp demo = new PlatformHttp("demo-key");
  private static final PlatformHttp demo2 = new PlatformHttp("demo2-key");

  @BeforeAll
  static void startStack() throws IOException {
    Path data = Files.createTempDirectory("console-e2e-");
    stack = LocalStack.start(new StackConfig(ROOT, data, "127.0.0.1", freePort(), freePort(), freePort(),
        Map.of(StackConfig.CONTACT, freePort(), StackConfig.IMPORT, freePort(), StackConfig.DNC, freePort(),
            StackConfig.RESOLVER, freePort(), StackConfig.CONSOLE, freePort())));
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void shouldCarryEveryContactsFlowInTheBrowser() throws Exception {
    seed();
    Path web = ROOT.resolve("console/web");
    assertThat(web.resolve("node_modules/playwright-core")).as("npm ci ran for console/web").isDirectory();
    Path log = Files.createTempFile("console-e2e-", ".log");
    ProcessBuilder browserTests = new ProcessBuilder("node", "e2e/run.mjs")
        .directory(web.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    browserTests.environment().put("CONSOLE_URL", stack.url(StackConfig.CONSOLE));
    browserTests.environment().put("SCREENSHOT_DIR", ROOT.resolve("docs/screenshots").toString());
    browserTests.environment().put("FAILURE_DIR", ROOT.resolve("end-to-end-tests/target").toString());
    Process node = browserTests.start();
    boolean ended = node.waitFor(5, TimeUnit.MINUTES);
    if (!ended) {
      node.destroyForcibly();
    }
    String output = Files.readString(log);
    System.out.println(output);
    assertThat(ended).as("browser flows ended within 5 minutes").isTrue();
    assertThat(node.exitValue()).as("failed browser flows:%n%s", output).isZero();
    assertThat(output).contains("PASS sign in").doesNotContain("FAIL");
  }

  private static void seed() {
    String contacts = stack.url(StackConfig.CONTACT);
    created(demo.post(contacts + "/v1/custom-fields",
        "{\"key\":\"plan\",\"label\":\"Plan\",\"type\":\"ENUM\",\"allowedValues\":[\"gold\",\"silver\"],\"owner\":\"sales-ops\"}"));
    created(demo.post(contacts + "/v1/custom-fields",
        "{\"key\":\"score\",\"label\":\"Score\",\"type\":\"NUMBER\",\"owner\":\"growth\"}"));
    for (String contact : new String[] {
        "{\"phone\":\"(415) 555-0132\",\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"email\":\"ada@example.com\",\"company\":\"Analytical Engines\",\"customFields\":{\"plan\":\"gold\",\"score\":80}}",
        "{\"phone\":\"212-555-0187\",\"firstName\":\"Grace\",\"lastName\":\"Hopper\",\"company\":\"Compilers Inc\",\"customFields\":{\"plan\":\"gold\",\"score\":40}}",
        "{\"phone\":\"+1 312 555 0143\",\"firstName\":\"Alan\",\"lastName\":\"Turing\",\"company\":\"Bletchley Park\",\"customFields\":{\"plan\":\"silver\",\"score\":90}}",
        "{\"phone\":\"(757) 555-0110\",\"firstName\":\"Katherine\",\"lastName\":\"Johnson\",\"company\":\"NACA\",\"customFields\":{\"plan\":\"gold\",\"score\":65}}",
        "{\"phone\":\"(512) 555-0199\",\"firstName\":\"Edsger\",\"lastName\":\"Dijkstra\",\"company\":\"Eindhoven\"}"}) {
      created(demo.post(contacts + "/v1/contacts", contact));
    }
    created(demo2.post(contacts + "/v1/contacts",
        "{\"phone\":\"(303) 555-0177\",\"firstName\":\"Someone\",\"lastName\":\"Other\",\"company\":\"Elsewhere\"}"));
  }

  private static void created(PlatformHttp.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(201);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
