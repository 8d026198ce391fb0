package io.contactsplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.localstack.LocalStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./try-it.sh}, the README's "Try it" flow, run twice in a row against one freshly started
 * stack (the {@link SharedStack}), told where it listens by the same port variables {@code ./run.sh}
 * reads: both runs must pass every check (exit 0), and must have used run ids of their own. Needs
 * bash, curl and the dialer simulator's exec jar (built by the reactor before this module).
 */
class TryItIT {

  private static final Pattern RUN_ID = Pattern.compile("try-it: all steps passed \\(run (\\d+)\\)");

  @BeforeAll
  static void startStack() {
    SharedStack.get();
  }

  @Test
  void shouldRunTheTryItFlowTwiceOnTheSameStack() throws Exception {
    Run first = tryIt();
    Run second = tryIt();

    assertThat(first.exitCode()).as(first.output()).isZero();
    assertThat(second.exitCode()).as(second.output()).isZero();
    assertThat(runId(second)).isNotEqualTo(runId(first));
  }

  private static String runId(Run run) {
    Matcher matcher = RUN_ID.matcher(run.output());
    assertThat(matcher.find()).as(run.output()).isTrue();
    return matcher.group(1);
  }

  private static Run tryIt() throws Exception {
    Path root = SharedStack.root();
    Path output = Files.createTempFile("try-it-", ".out");
    ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("try-it.sh").toString())
        .directory(root.toFile())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile());
    Map<String, String> env = builder.environment();
    // only the run.sh port variables say where the stack is, as for someone who started it with them
    for (String own : List.of("CONTACTS_URL", "IMPORTS_URL", "DNC_URL", "RESOLVER_URL", "KAFKA_BOOTSTRAP_SERVERS",
        "API_KEY", "WORKSPACE", "DIALER_JAR", "TRY_IT_RUN")) {
      env.remove(own);
    }
    SharedStack.portsByVariable().forEach((variable, port) -> env.put(variable, String.valueOf(port)));
    long started = System.nanoTime();
    Process process = builder.start();
    boolean ended = process.waitFor(5, TimeUnit.MINUTES);
    if (!ended) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
    }
    String text = Files.readString(output, StandardCharsets.UTF_8);
    Files.delete(output);
    System.out.printf("---- try-it.sh (%d ms, exit %s) ----%n%s%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
        ended ? process.exitValue() : "none, killed after 5 min", text);
    return new Run(ended ? process.exitValue() : -1, text);
  }

  private record Run(int exitCode, String output) {
  }
}
