package io.contactsplatform.support.auth;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code GET /v1/whoami} behind the API-key filter: the key's workspace, 401 without a known key. */
class WhoAmIControllerTest {

  private final WebTestClient client = WebTestClient
      .bindToController(new WhoAmIController())
      .argumentResolvers(r -> r.addCustomResolver(new WorkspaceArgumentResolver()))
      .webFilter(new ApiKeyAuthenticationFilter(new ApiKeys(new WorkspaceAuthProperties(List.of(
          new WorkspaceAuthProperties.WorkspaceKey("acme", ApiKeys.sha256Hex("acme-secret")),
          new WorkspaceAuthProperties.WorkspaceKey("globex", ApiKeys.sha256Hex("globex-secret"))))),
          new AuthFailureThrottle(new WorkspaceAuthProperties.FailureThrottle(20, Duration.ofSeconds(10), 100))))
      .build();

  @Test
  void shouldAnswerTheWorkspaceOfTheKey() {
    client.get().uri("/v1/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer globex-secret").exchange()
        .expectStatus().isOk()
        .expectBody().jsonPath("$.workspaceId").isEqualTo("globex");
  }

  @Test
  void shouldRefuseUnknownOrMissingKeys() {
    client.get().uri("/v1/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer nope").exchange()
        .expectStatus().isUnauthorized();
    client.get().uri("/v1/whoami").exchange().expectStatus().isUnauthorized();
  }
}
