package io.contactsplatform.support.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.reactivestreams.client.MongoClient;
import io.contactsplatform.support.auth.ApiKeyStore;
import io.contactsplatform.support.auth.ApiKeys;
import io.contactsplatform.support.auth.Workspace;
import io.contactsplatform.support.auth.WorkspaceAuthProperties;
import io.contactsplatform.testsupport.EmbeddedInfrastructure;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin API and the shared key store on a small application: workspaces and named keys created
 * through the API work at once, are listed without secrets, are refused once revoked (at once here,
 * within the cache period on another instance), and the admin credential and workspace keys never
 * stand in for each other.
 */
@SpringBootTest(classes = AdminApiTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "spring.autoconfigure.exclude=org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration,"
            + "io.contactsplatform.support.kafka.KafkaEventsAutoConfiguration",
        "spring.reactor.netty.shutdown-quiet-period=0s",
        "platform.auth.workspaces[0].id=configured-ws",
        "platform.auth.workspaces[0].api-key-sha256=" + AdminApiTest.CONFIGURED_KEY_SHA256,
        "platform.auth.admin.api-enabled=true",
        "platform.auth.admin.api-key-sha256=" + AdminApiTest.ADMIN_KEY_SHA256,
        "platform.auth.key-store.cache-ttl=2s",
        "platform.auth.failure-throttle.max-failures=1000"})
class AdminApiTest {

  static final String ADMIN_KEY = "the-admin-key";
  static final String ADMIN_KEY_SHA256 = "6fe4075fc11ccc1a08e47ce1fd10ade45d111cf59790f825056586ee016572f6";
  static final String CONFIGURED_KEY = "configured-key";
  static final String CONFIGURED_KEY_SHA256 = "62c8ae2b244d92b6e8093098e683d2e736a7f46808520fbf7dee0f2143dbcca7";
  static final String DATABASE = "platform_auth_" + UUID.randomUUID().toString().substring(0, 8);

  @DynamicPropertySource
  static void store(DynamicPropertyRegistry registry) {
    registry.add("spring.mongodb.uri", () -> EmbeddedInfrastructure.get().mongoUri("admin_api_test"));
    registry.add("platform.auth.key-store.database", () -> DATABASE);
  }

  @LocalServerPort
  int port;

  @Autowired
  MongoClient mongo;

  private WebTestClient as(String key) {
    WebTestClient.Builder builder = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
        .responseTimeout(Duration.ofSeconds(30));
    return key == null ? builder.build() : builder.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key).build();
  }

  private WebTestClient admin() {
    return as(ADMIN_KEY);
  }

  private static String ws() {
    return "ws-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private void createWorkspace(String id) {
    admin().post().uri("/v1/admin/workspaces").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("id", id, "displayName", "Test " + id)).exchange()
        .expectStatus().isCreated()
        .expectBody().jsonPath("$.id").isEqualTo(id).jsonPath("$.configured").isEqualTo(false);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> createKey(String workspace, String name) {
    return admin().post().uri("/v1/admin/workspaces/{ws}/keys", workspace).contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("name", name)).exchange()
        .expectStatus().isCreated()
        .expectBody(Map.class).returnResult().getResponseBody();
  }

  @Test
  void shouldHashTheTestCredentials() {
    assertThat(ApiKeys.sha256Hex(ADMIN_KEY)).isEqualTo(ADMIN_KEY_SHA256);
    assertThat(ApiKeys.sha256Hex(CONFIGURED_KEY)).isEqualTo(CONFIGURED_KEY_SHA256);
  }

  @Test
  void shouldCreateAWorkspaceWithTwoNamedKeysThatBothWorkUntilOneIsRevoked() {
    String ws = ws();
    createWorkspace(ws);
    Map<String, Object> dialer = createKey(ws, "dialer");
    Map<String, Object> crm = createKey(ws, "crm.sync_1");
    String dialerSecret = (String) dialer.get("secret");
    assertThat(dialerSecret).startsWith("cpk_" + dialer.get("keyId") + "_").hasSize(4 + 12 + 1 + 43);
    assertThat(dialer.get("prefix")).isEqualTo("cpk_" + dialer.get("keyId") + "_");
    assertThat(crm.get("secret")).isNotEqualTo(dialerSecret);

    as(dialerSecret).get().uri("/v1/me").exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.workspace").isEqualTo(ws).jsonPath("$.actor").isEqualTo("dialer")
        .jsonPath("$.keyId").isEqualTo(dialer.get("keyId"));
    as((String) crm.get("secret")).get().uri("/v1/whoami").exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.workspaceId").isEqualTo(ws).jsonPath("$.keyName").isEqualTo("crm.sync_1");

    String listed = admin().get().uri("/v1/admin/workspaces/{ws}/keys", ws).exchange().expectStatus().isOk()
        .expectBody(String.class).returnResult().getResponseBody();
    assertThat(listed).contains("\"dialer\"", "\"crm.sync_1\"").doesNotContain(dialerSecret)
        .doesNotContain((String) crm.get("secret")).doesNotContain("\"secret\"")
        .doesNotContain(ApiKeys.sha256Hex(dialerSecret));

    admin().delete().uri("/v1/admin/workspaces/{ws}/keys/{id}", ws, dialer.get("keyId")).exchange()
        .expectStatus().isOk().expectBody().jsonPath("$.revoked").isEqualTo(true).jsonPath("$.revokedAt").isNotEmpty();
    as(dialerSecret).get().uri("/v1/me").exchange().expectStatus().isUnauthorized()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    as((String) crm.get("secret")).get().uri("/v1/me").exchange().expectStatus().isOk();
    // revoking again changes nothing; the list shows the revoked key, the other one still active
    admin().delete().uri("/v1/admin/workspaces/{ws}/keys/{id}", ws, dialer.get("keyId")).exchange()
        .expectStatus().isOk().expectBody().jsonPath("$.revoked").isEqualTo(true);
    admin().get().uri("/v1/admin/workspaces/{ws}/keys", ws).exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.items[?(@.name == 'dialer')].revoked").isEqualTo(List.of(true))
        .jsonPath("$.items[?(@.name == 'crm.sync_1')].revoked").isEqualTo(List.of(false))
        .jsonPath("$.items[?(@.name == 'crm.sync_1')].lastUsedAt").isNotEmpty();
  }

  @Test
  void shouldRefuseARevokedKeyOnAnotherInstanceWithinTheCachePeriod() {
    String ws = ws();
    createWorkspace(ws);
    Map<String, Object> key = createKey(ws, "operator-ann");
    String hash = ApiKeys.sha256Hex((String) key.get("secret"));
    Duration ttl = Duration.ofSeconds(2);
    // another instance of any service: its own cache on the same store
    ApiKeyStore otherInstance = new ApiKeyStore(mongo.getDatabase(DATABASE),
        new WorkspaceAuthProperties.KeyStore(true, DATABASE, ttl, Duration.ofSeconds(5)), Clock.systemUTC());
    assertThat(otherInstance.authenticate(hash).block())
        .contains(new Workspace(ws, (String) key.get("keyId"), "operator-ann"));

    admin().delete().uri("/v1/admin/workspaces/{ws}/keys/{id}", ws, key.get("keyId")).exchange().expectStatus().isOk();
    long revokedAt = System.nanoTime();
    Optional<Workspace> seen;
    do {
      seen = otherInstance.authenticate(hash).block();
    } while (seen.isPresent() && System.nanoTime() - revokedAt < ttl.plusSeconds(3).toNanos());
    assertThat(seen).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).isLessThanOrEqualTo(ttl.plusSeconds(1));
  }

  @Test
  void shouldKeepTheAdminCredentialAndWorkspaceKeysApart() {
    String ws = ws();
    createWorkspace(ws);
    String secret = (String) createKey(ws, "dialer").get("secret");
    // a workspace key on the admin API: 403, whether configured or created there
    as(secret).get().uri("/v1/admin/workspaces").exchange().expectStatus().isForbidden()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("admin"));
    as(CONFIGURED_KEY).post().uri("/v1/admin/workspaces/{ws}/keys", ws).contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("name", "sneaky")).exchange().expectStatus().isForbidden();
    as("not-a-key").get().uri("/v1/admin/workspaces").exchange().expectStatus().isUnauthorized();
    as(null).get().uri("/v1/admin/workspaces").exchange().expectStatus().isUnauthorized();
    // the admin credential is no workspace key
    admin().get().uri("/v1/me").exchange().expectStatus().isUnauthorized();
    admin().get().uri("/v1/whoami").exchange().expectStatus().isUnauthorized();
  }

  @Test
  void shouldValidateNamesAndRefuseDuplicatesWithProblemDetails() {
    String ws = ws();
    createWorkspace(ws);
    admin().post().uri("/v1/admin/workspaces").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("id", ws)).exchange().expectStatus().isEqualTo(409)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).startsWith("id: workspace"));
    admin().post().uri("/v1/admin/workspaces").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("id", "Bad Id!")).exchange().expectStatus().isEqualTo(422)
        .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).startsWith("id: "));
    admin().post().uri("/v1/admin/workspaces").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("id", "configured-ws")).exchange().expectStatus().isEqualTo(409);

    Map<String, Object> first = createKey(ws, "dialer");
    admin().post().uri("/v1/admin/workspaces/{ws}/keys", ws).contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("name", "dialer")).exchange().expectStatus().isEqualTo(409)
        .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).startsWith("name: "))
        .jsonPath("$.name").isEqualTo("dialer");
    admin().delete().uri("/v1/admin/workspaces/{ws}/keys/{id}", ws, first.get("keyId")).exchange().expectStatus().isOk();
    admin().post().uri("/v1/admin/workspaces/{ws}/keys", ws).contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("name", "dialer")).exchange().expectStatus().isEqualTo(409);
    for (String bad : List.of("", " ", "-dash-first", "has space", "x".repeat(64), "émile", "a/b")) {
      admin().post().uri("/v1/admin/workspaces/{ws}/keys", ws).contentType(MediaType.APPLICATION_JSON)
          .bodyValue(Map.of("name", bad)).exchange().expectStatus().isEqualTo(422)
          .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).startsWith("name: "));
    }
    createKey(ws, "x".repeat(63));
    admin().post().uri("/v1/admin/workspaces/{ws}/keys", "no-such-ws").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("name", "dialer")).exchange().expectStatus().isNotFound();
    admin().delete().uri("/v1/admin/workspaces/{ws}/keys/{id}", ws, "000000000000").exchange().expectStatus().isNotFound();
    admin().post().uri("/v1/admin/workspaces").contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"id\":\"ok-id\",\"owner\":\"x\"}").exchange().expectStatus().isBadRequest();
  }

  @Test
  void shouldListConfiguredWorkspacesAndKeysAndCreateKeysForThem() {
    admin().get().uri("/v1/admin/workspaces?pageSize=500").exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.items[?(@.id == 'configured-ws')].configured").isEqualTo(List.of(true));
    admin().get().uri("/v1/admin/workspaces/configured-ws/keys").exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.items[0].name").isEqualTo("bootstrap")
        .jsonPath("$.items[0].configured").isEqualTo(true)
        .jsonPath("$.items[0].keyId").isEqualTo("configured");
    admin().delete().uri("/v1/admin/workspaces/configured-ws/keys/configured").exchange().expectStatus().isEqualTo(409);
    admin().post().uri("/v1/admin/workspaces/configured-ws/keys").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("name", "bootstrap")).exchange().expectStatus().isEqualTo(409);
    String name = "crm-" + UUID.randomUUID().toString().substring(0, 6);
    String secret = (String) createKey("configured-ws", name).get("secret");
    as(secret).get().uri("/v1/me").exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.workspace").isEqualTo("configured-ws").jsonPath("$.actor").isEqualTo(name);
    as(CONFIGURED_KEY).get().uri("/v1/me").exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.actor").isEqualTo("bootstrap");
  }

  @Test
  void shouldPageWorkspaces() {
    for (int i = 0; i < 3; i++) {
      createWorkspace(ws());
    }
    Map<?, ?> first = admin().get().uri("/v1/admin/workspaces?pageSize=2").exchange().expectStatus().isOk()
        .expectBody(Map.class).returnResult().getResponseBody();
    assertThat((List<?>) first.get("items")).hasSize(2);
    assertThat(first.get("nextCursor")).isNotNull();
    admin().get().uri("/v1/admin/workspaces?pageSize=2&cursor={c}", first.get("nextCursor")).exchange()
        .expectStatus().isOk().expectBody().jsonPath("$.items.length()").value(n -> assertThat((Integer) n).isPositive());
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Me.class)
  static class App {
  }

  @RestController
  static class Me {
    @GetMapping("/v1/me")
    Map<String, String> me(Workspace workspace) {
      return Map.of("workspace", workspace.id(), "actor", workspace.actor(), "keyId", workspace.keyId());
    }
  }
}
