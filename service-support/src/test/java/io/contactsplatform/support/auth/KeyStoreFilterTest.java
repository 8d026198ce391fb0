package io.contactsplatform.support.auth;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import io.contactsplatform.testsupport.EmbeddedInfrastructure;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * The authentication filter with the shared key store: a stored key authenticates as its workspace
 * and name; unknown keys and unknown admin credentials still run into the failure throttle (401,
 * then 429); a store that does not answer gives 503, never a pass.
 */
class KeyStoreFilterTest {

  private static final MongoClient MONGO = MongoClients.create(EmbeddedInfrastructure.get().mongoUri("x"));
  private static final WorkspaceAuthProperties.KeyStore SETTINGS =
      new WorkspaceAuthProperties.KeyStore(true, "keys_" + UUID.randomUUID().toString().substring(0, 8),
          Duration.ofSeconds(10), Duration.ofMillis(300));

  @AfterAll
  static void close() {
    MONGO.close();
  }

  private static WebTestClient client(ApiKeyStore store, int maxFailures) {
    return WebTestClient.bindToController(new WhoAmIController())
        .argumentResolvers(r -> r.addCustomResolver(new WorkspaceArgumentResolver()))
        .webFilter(new ApiKeyAuthenticationFilter(new ApiKeys(new WorkspaceAuthProperties(List.of())), store,
            new AdminCredential(ApiKeys.sha256Hex("admin"), true),
            new AuthFailureThrottle(new WorkspaceAuthProperties.FailureThrottle(maxFailures, Duration.ofMinutes(1), 100))))
        .build();
  }

  @Test
  void shouldAuthenticateAStoredKeyAndThrottleUnknownOnes() {
    ApiKeyStore store = new ApiKeyStore(MONGO.getDatabase(SETTINGS.database()), SETTINGS, Clock.systemUTC());
    Mono.from(MONGO.getDatabase(SETTINGS.database()).getCollection(ApiKeyStore.KEYS).insertOne(
        new Document("_id", ApiKeys.sha256Hex("stored-secret")).append("keyId", "abcdef012345")
            .append("workspaceId", "acme").append("name", "dialer").append("createdAt", new Date()))).block();
    WebTestClient client = client(store, 3);
    client.get().uri("/v1/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer stored-secret").exchange()
        .expectStatus().isOk().expectBody()
        .jsonPath("$.workspaceId").isEqualTo("acme").jsonPath("$.keyName").isEqualTo("dialer")
        .jsonPath("$.keyId").isEqualTo("abcdef012345");
    client.get().uri("/v1/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer guess-1").exchange()
        .expectStatus().isUnauthorized();
    client.get().uri("/v1/admin/workspaces").header(HttpHeaders.AUTHORIZATION, "Bearer guess-2").exchange()
        .expectStatus().isUnauthorized();
    client.get().uri("/v1/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer guess-3").exchange()
        .expectStatus().isUnauthorized();
    client.get().uri("/v1/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer guess-4").exchange()
        .expectStatus().isEqualTo(429).expectHeader().exists(HttpHeaders.RETRY_AFTER);
    client.get().uri("/v1/admin/workspaces").header(HttpHeaders.AUTHORIZATION, "Bearer guess-5").exchange()
        .expectStatus().isEqualTo(429);
    // a valid key is never throttled
    client.get().uri("/v1/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer stored-secret").exchange()
        .expectStatus().isOk();
  }

  @Test
  void shouldAnswer503WhenTheStoreDoesNotAnswer() {
    try (MongoClient unreachable = MongoClients.create("mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=5000")) {
      ApiKeyStore store = new ApiKeyStore(unreachable.getDatabase("keys"), SETTINGS, Clock.systemUTC());
      client(store, 20).get().uri("/v1/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer any").exchange()
          .expectStatus().isEqualTo(503)
          .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1")
          .expectBody().jsonPath("$.detail").isEqualTo("The API key store did not answer: retry shortly");
    }
  }
}
