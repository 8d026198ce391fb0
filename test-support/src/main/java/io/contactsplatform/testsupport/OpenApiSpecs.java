package io.contactsplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Drift check of a service's OpenAPI description against the committed
 * {@code docs/openapi/<service>.json}: fetches {@link #PATH} with a valid key, normalises it (object
 * members sorted by name at every level, arrays kept in order, two-space indent, final newline) and
 * fails naming the first differing line. Run with {@code -Dopenapi.update=true} to rewrite the
 * committed file instead. Also checks the description is refused without a key. Limits: the
 * committed file is found by walking up from the working directory to the root pom, so it works
 * from Maven and IDEs started in the repository, not from a packaged test jar.
 */
public final class OpenApiSpecs {

  /** Where every service serves its description ({@code springdoc.api-docs.path}). */
  public static final String PATH = "/v1/openapi.json";
  /** Set to {@code true} to rewrite the committed specs instead of comparing. */
  public static final String UPDATE_PROPERTY = "openapi.update";

  private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private OpenApiSpecs() {
  }

  /** The committed description of {@code service}: {@code docs/openapi/<service>.json}. */
  public static Path committed(String service) {
    return repositoryRoot().resolve("docs/openapi/" + service + ".json");
  }

  /** Asserts the spec needs a key (401 problem) and equals the committed file (or rewrites it). */
  public static void assertMatchesCommitted(WebTestClient client, String service) {
    // the first description is generated on demand: slow on a loaded machine
    WebTestClient http = client.mutate().responseTimeout(java.time.Duration.ofSeconds(60)).build();
    http.get().uri(PATH).exchange()
        .expectStatus().isEqualTo(HttpStatus.UNAUTHORIZED)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    String served = http.get().uri(PATH).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk()
        .expectBody(String.class).returnResult().getResponseBody();
    assertThat(served).as("OpenAPI description at " + PATH).isNotBlank();
    String actual = normalise(served);
    Path file = committed(service);
    try {
      if (Boolean.getBoolean(UPDATE_PROPERTY)) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        return;
      }
      if (!Files.exists(file)) {
        throw new AssertionError("No committed OpenAPI description at " + file + "; " + howToUpdate(service));
      }
      String expected = Files.readString(file, StandardCharsets.UTF_8);
      if (!expected.equals(actual)) {
        throw new AssertionError("The OpenAPI description of " + service + " differs from " + file + " "
            + firstDifference(expected, actual) + "\nIf the API change is intended, " + howToUpdate(service)
            + " and commit the file.");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Members sorted by name at every level, arrays in order, two-space indent, final newline. */
  public static String normalise(String json) {
    return JSON.writeValueAsString(sorted(JSON.readTree(json))).replace("\r\n", "\n") + "\n";
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      Map<String, JsonNode> members = new TreeMap<>();
      node.properties().forEach(e -> members.put(e.getKey(), sorted(e.getValue())));
      ObjectNode copy = JSON.createObjectNode();
      members.forEach(copy::set);
      return copy;
    }
    if (node.isArray()) {
      var copy = JSON.createArrayNode();
      node.forEach(element -> copy.add(sorted(element)));
      return copy;
    }
    return node;
  }

  private static String firstDifference(String expected, String actual) {
    List<String> e = expected.lines().toList();
    List<String> a = actual.lines().toList();
    int i = 0;
    while (i < e.size() && i < a.size() && e.get(i).equals(a.get(i))) {
      i++;
    }
    return "from line " + (i + 1) + ":\n  committed: " + (i < e.size() ? e.get(i).strip() : "<end of file>")
        + "\n  served:    " + (i < a.size() ? a.get(i).strip() : "<end of file>");
  }

  private static String howToUpdate(String service) {
    return "regenerate it with: mvn -B -q -pl " + service + " -am test -Dtest='*EmbeddedTest#openApi*' "
        + "-Dsurefire.failIfNoSpecifiedTests=false -D" + UPDATE_PROPERTY + "=true";
  }

  /** The checkout's root directory (the one whose pom.xml lists service-support). */
  public static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      Path pom = d.resolve("pom.xml");
      try {
        if (Files.exists(pom) && Files.readString(pom).contains("<module>service-support</module>")) {
          return d;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("no root pom.xml above " + dir);
  }
}
