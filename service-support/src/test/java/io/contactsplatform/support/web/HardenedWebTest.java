package io.contactsplatform.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.support.auth.ApiKeys;
import io.contactsplatform.support.auth.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The shared web behaviour every service gets from service-support, on a small application:
 * strict JSON with details naming the member, body limits with a detail, cursors, health sub-paths,
 * the management port and the throttle of failed authentications.
 */
@SpringBootTest(classes = HardenedWebTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "management.server.port=0",
        "management.endpoints.web.exposure.include=health,info,prometheus",
        "management.endpoint.health.show-details=always",
        "spring.http.codecs.max-in-memory-size=1MB",
        // as every service sets it: Boot's own problem handler must not shadow ApiExceptionHandler
        "spring.webflux.problemdetails.enabled=true",
        "spring.mongodb.uri=mongodb://127.0.0.1:1/test",
        "spring.autoconfigure.exclude=org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration,"
            + "io.contactsplatform.support.kafka.KafkaEventsAutoConfiguration",
        "spring.reactor.netty.shutdown-quiet-period=0s",
        "platform.auth.workspaces[0].id=ws",
        "platform.auth.workspaces[0].api-key-sha256=" + HardenedWebTest.KEY_SHA256,
        "platform.auth.key-store.enabled=false",
        "platform.auth.failure-throttle.max-failures=20",
        "platform.auth.failure-throttle.window=10s"})
@ExtendWith(OutputCaptureExtension.class)
class HardenedWebTest {

  static final String KEY = "hardened-key";
  static final String KEY_SHA256 = "11a645bd3bdf4b70be505af6a0199676fbba3a07244b46877cdc99928f8f6974";

  @LocalServerPort
  int port;

  @LocalManagementPort
  int managementPort;

  private WebTestClient http() {
    return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
        .codecs(c -> c.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
        .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + KEY).build();
  }

  private WebTestClient.BodyContentSpec post(String path, String json, int status) {
    return http().post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange()
        .expectStatus().isEqualTo(status)
        .expectBody();
  }

  private String detailOf(String path, String json) {
    Map<?, ?> problem = http().post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange()
        .expectStatus().isBadRequest()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody(Map.class).returnResult().getResponseBody();
    return (String) problem.get("detail");
  }

  @Test
  void shouldKeyTheTestApplicationWithItsHash() {
    assertThat(ApiKeys.sha256Hex(KEY)).isEqualTo(KEY_SHA256);
  }

  @Test
  void shouldAcceptWellTypedBodies() {
    post("/v1/echo", "{\"firstName\":\"Ann\",\"pageSize\":5,\"nested\":{\"flag\":true},\"ids\":[\"a\"]}", 200)
        .jsonPath("$.firstName").isEqualTo("Ann").jsonPath("$.pageSize").isEqualTo(5);
    post("/v1/map", "{\"anything\":{\"goes\":[1,\"x\",true]},\"n\":1.5}", 200).jsonPath("$.anything.goes[2]").isEqualTo(true);
  }

  @Test
  void shouldRefuseWrongTypesNamingTheMemberAndTheExpectedType() {
    assertThat(detailOf("/v1/echo", "{\"firstName\": 12345}")).isEqualTo("firstName: expected a string, got a number");
    assertThat(detailOf("/v1/echo", "{\"pageSize\": 1.5}")).isEqualTo("pageSize: expected an integer, got '1.5'");
    assertThat(detailOf("/v1/echo", "{\"pageSize\": \"5\"}")).isEqualTo("pageSize: expected an integer, got a string");
    assertThat(detailOf("/v1/echo", "{\"firstName\": true}")).isEqualTo("firstName: expected a string, got a boolean");
    assertThat(detailOf("/v1/echo", "{\"firstName\": {\"a\":1}}")).isEqualTo("firstName: expected a string, got an object");
    assertThat(detailOf("/v1/echo", "{\"nested\": {\"flag\": 1}}")).isEqualTo("nested.flag: expected a boolean (true or false), got a number");
    assertThat(detailOf("/v1/echo", "{\"ids\": [\"a\", 2]}")).isEqualTo("ids[1]: expected a string, got a number");
    assertThat(detailOf("/v1/echo", "{\"pageSize\": 99999999999}")).startsWith("pageSize: expected an integer");
    assertThat(detailOf("/v1/echo", "[1]")).isEqualTo("request body: expected an object, got an array");
  }

  @Test
  void shouldRefuseUnknownMembers() {
    assertThat(detailOf("/v1/echo", "{\"firstName\":\"Ann\",\"foo\":1}")).isEqualTo("unknown member 'foo'");
    assertThat(detailOf("/v1/echo", "{\"nested\":{\"flag\":true,\"bar\":1}}")).isEqualTo("nested: unknown member 'bar'");
  }

  @Test
  void shouldLocateMalformedAndTruncatedJson() {
    assertThat(detailOf("/v1/echo", "{\"firstName\": }")).startsWith("malformed JSON at line 1, column 15");
    assertThat(detailOf("/v1/echo", "{\"firstName\": \"Ann\"")).startsWith("malformed JSON at line 1");
    assertThat(detailOf("/v1/echo", "{\"firstName\": \"Ann\"} trailing")).contains("trailing");
    assertThat(detailOf("/v1/map", "{\"a\":")).startsWith("malformed JSON at line 1");
  }

  @Test
  void shouldRefuseANulCharacterInAnyStringNamingWhereItIs() {
    assertThat(detailOf("/v1/echo", "{\"firstName\": \"a\\u0000b\"}")).isEqualTo("firstName: contains a NUL character");
    assertThat(detailOf("/v1/echo", "{\"ids\": [\"a\", \"\\u0000\"]}")).isEqualTo("ids[1]: contains a NUL character");
    assertThat(detailOf("/v1/map", "{\"a\": {\"b\": [1, \"x\\u0000\"]}}")).isEqualTo("a.b[1]: contains a NUL character");
    assertThat(detailOf("/v1/map", "{\"cf:note\": \"\\u0000\"}")).isEqualTo("cf:note: contains a NUL character");
    assertThat(detailOf("/v1/map", "{\"a\": {\"k\\u0000\": 1}}")).isEqualTo("a.k?: contains a NUL character");
    assertThat(detailOf("/v1/map", "{\"a\": [{\"b\": 1}, {\"c\": \"\\u0000\"}]}")).isEqualTo("a[1].c: contains a NUL character");
    post("/v1/echo", "{\"firstName\": \"Zo\\u00eb \\u0001\"}", 200).jsonPath("$.firstName").isEqualTo("Zo\u00eb \u0001");
  }

  @Test
  void shouldRefuseANulCharacterInTheQueryNamingTheParameter() {
    http().get().uri(java.net.URI.create("http://127.0.0.1:" + port + "/v1/page?pageSize=5&cursor=a%00b")).exchange().expectStatus().isBadRequest()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.detail").isEqualTo("cursor: contains a NUL character");
    WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build()
        .get().uri(java.net.URI.create("http://127.0.0.1:" + port + "/v1/page?cursor=a%00b")).exchange()
        .expectStatus().value(status -> assertThat(status).as("no key: 401 (429 once throttled)").isIn(401, 429));
  }

  @Test
  void shouldNameTheParameterOfAWrongQueryValue() {
    http().get().uri("/v1/page?pageSize=abc").exchange().expectStatus().isBadRequest()
        .expectBody().jsonPath("$.detail").isEqualTo("pageSize: expected an integer, got 'abc'");
  }

  @Test
  void shouldAnswer400InvalidCursorForAnyBogusCursor() {
    http().get().uri("/v1/page?cursor=LTE").exchange().expectStatus().isBadRequest()
        .expectBody().jsonPath("$.detail").isEqualTo(CursorPage.INVALID_CURSOR);
    http().get().uri("/v1/page?cursor=" + CursorPage.encodePosition(3)).exchange().expectStatus().isOk()
        .expectBody(String.class).isEqualTo("3");
  }

  @Test
  void shouldAcceptTenThousandIdsAndName413Limit() {
    String ids = IntStream.range(0, 10_000).mapToObj(i -> "\"" + UUID.randomUUID() + "\"")
        .collect(Collectors.joining(",", "{\"ids\":[", "]}"));
    assertThat(ids.length()).isGreaterThan(380_000);
    post("/v1/echo", ids, 200).jsonPath("$.ids.length()").isEqualTo(10_000);

    String huge = "{\"firstName\":\"" + "x".repeat(1_100_000) + "\"}";
    http().post().uri("/v1/echo").contentType(MediaType.APPLICATION_JSON).bodyValue(huge).exchange()
        .expectStatus().isEqualTo(413)
        .expectBody().jsonPath("$.detail").isEqualTo("request body: larger than the limit of 1048576 bytes");
  }

  @Test
  void shouldKeepActuatorOffTheApiPort() {
    http().get().uri("/actuator/prometheus").exchange().expectStatus().isNotFound();
    WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build()
        .get().uri("/actuator/health").exchange().expectStatus().isNotFound();
    WebTestClient management = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build();
    management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
  }

  @Test
  void shouldAnswer404ForUnknownHealthSubPathsWithoutStackTrace(CapturedOutput output) {
    WebTestClient anonymous = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    anonymous.get().uri("/actuator/health/a/b").exchange().expectStatus().isNotFound()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    WebTestClient management = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build();
    management.get().uri("/actuator/health/a/b").exchange().expectStatus().isNotFound();
    management.get().uri("/actuator/health/ping/x").exchange().expectStatus().isNotFound();
    assertThat(output.getAll()).doesNotContain("/actuator/health/a/b").doesNotContain("/actuator/health/ping/x");
  }

  @Test
  void shouldThrottleRepeatedAuthenticationFailuresButNotAValidKey() {
    WebTestClient wrong = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
        .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer wrong-key").build();
    List<Integer> statuses = new ArrayList<>();
    String retryAfter = null;
    for (int i = 0; i < 300; i++) {
      var result = wrong.get().uri("/v1/page").exchange().expectBody().returnResult();
      statuses.add(result.getStatus().value());
      if (result.getStatus().value() == 429) {
        retryAfter = result.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER);
        assertThat(new String(result.getResponseBodyContent())).contains("Too many failed authentications");
      }
    }
    assertThat(statuses.subList(0, 20)).containsOnly(401);
    assertThat(statuses.subList(20, 300)).contains(429);
    assertThat(retryAfter).isNotNull();
    assertThat(Long.parseLong(retryAfter)).isBetween(1L, 10L);
    http().get().uri("/v1/page").exchange().expectStatus().isOk();
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(TestController.class)
  static class App {
  }

  record Nested(Boolean flag) {
  }

  record Body(String firstName, Integer pageSize, List<String> ids, Nested nested) {
  }

  @RestController
  static class TestController {

    @PostMapping("/v1/echo")
    Body echo(Workspace workspace, @RequestBody Body body) {
      return body;
    }

    @PostMapping("/v1/map")
    Map<String, Object> map(Workspace workspace, @RequestBody Map<String, Object> body) {
      return body;
    }

    @GetMapping("/v1/page")
    String page(Workspace workspace, @RequestParam(required = false) String cursor,
                @RequestParam(required = false) Integer pageSize) {
      return Long.toString(CursorPage.decodePosition(cursor));
    }
  }
}
