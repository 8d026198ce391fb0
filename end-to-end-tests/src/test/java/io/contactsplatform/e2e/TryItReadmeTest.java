package io.contactsplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's "Try it" section shows what {@code ./try-it.sh} runs: every command line
 * ({@code $ ...}) between {@code <!-- try-it:begin -->} and {@code <!-- try-it:end -->} must occur
 * verbatim in the script (which {@link TryItIT} runs), and the section must name the script. It does
 * not check the outputs shown, nor that every script step is in the README.
 */
class TryItReadmeTest {

  private static final String BEGIN = "<!-- try-it:begin -->";
  private static final String END = "<!-- try-it:end -->";

  @Test
  void shouldShowOnlyCommandsTheTryItScriptRuns() throws IOException {
    String readme = Files.readString(SharedStack.root().resolve("README.md"), StandardCharsets.UTF_8);
    String script = Files.readString(SharedStack.root().resolve("try-it.sh"), StandardCharsets.UTF_8);
    int begin = readme.indexOf(BEGIN);
    int end = readme.indexOf(END);
    assertThat(begin).as("README.md has the marker " + BEGIN).isNotNegative();
    assertThat(end).as("README.md has the marker " + END + " after " + BEGIN).isGreaterThan(begin);
    String section = readme.substring(begin, end);

    List<String> commands = section.lines().filter(line -> line.startsWith("$ ")).map(line -> line.substring(2)).toList();

    assertThat(section).contains("./try-it.sh");
    assertThat(commands).as("command lines in README's Try it section").isNotEmpty();
    assertThat(commands).allSatisfy(command -> assertThat(script).as("try-it.sh").contains(command));
  }
}
