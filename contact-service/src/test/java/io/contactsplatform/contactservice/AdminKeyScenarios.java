package io.contactsplatform.contactservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/**
 * contact-service serves the admin API: a workspace created there with two named keys works at once
 * on the contact API, isolated from other workspaces; the history records each key's name as the
 * actor; a revoked key is refused; admin credential and workspace keys never stand in for each other.
 */
interface AdminKeyScenarios extends ContactServiceHarness {

  /** The platform admin credential of the tests (its SHA-256 is configured). */
  String ADMIN_KEY = "test-platform-admin-key";

  @SuppressWarnings("unchecked")
  private Map<String, Object> admin(HttpMethod method, String path, Object body, int status) {
    return send(method, ADMIN_KEY, path, body).expectStatus().isEqualTo(status)
        .expectBody(Map.class).returnResult().getResponseBody();
  }

  @SuppressWarnings("unchecked")
  @Test
  default void adminCreatedWorkspaceAndNamedKeysWorkAreIsolatedAndRecordTheKeyNameAsActor() {
    String ws = "ws-admin-" + UUID.randomUUID().toString().substring(0, 8);
    admin(HttpMethod.POST, "/v1/admin/workspaces", Map.of("id", ws), 201);
    Map<String, Object> dialer = admin(HttpMethod.POST, "/v1/admin/workspaces/" + ws + "/keys", Map.of("name", "dialer"), 201);
    Map<String, Object> crm = admin(HttpMethod.POST, "/v1/admin/workspaces/" + ws + "/keys", Map.of("name", "crm"), 201);
    String dialerKey = (String) dialer.get("secret");
    String crmKey = (String) crm.get("secret");

    // both keys act in the new workspace, and only there
    String id = contactId(dialerKey, Map.of("phone", ContactServiceHarness.randomPhone(), "firstName", "Grace"));
    okJson(send(HttpMethod.PATCH, crmKey, "/v1/contacts/" + id, Map.of("lastName", "Hopper")));
    send(HttpMethod.GET, A, "/v1/contacts/" + id, null).expectStatus().isNotFound();
    String inA = contactId(A, Map.of("phone", ContactServiceHarness.randomPhone()));
    send(HttpMethod.GET, dialerKey, "/v1/contacts/" + inA, null).expectStatus().isNotFound();
    send(HttpMethod.GET, crmKey, "/v1/whoami", null).expectStatus().isOk().expectBody()
        .jsonPath("$.workspaceId").isEqualTo(ws).jsonPath("$.keyName").isEqualTo("crm");

    List<Map<String, Object>> history = (List<Map<String, Object>>) okJson(
        send(HttpMethod.GET, crmKey, "/v1/contacts/" + id + "/history", null)).get("items");
    assertThat(history).extracting(h -> h.get("operation"), h -> h.get("actor"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple("UPDATED", "crm"),
            org.assertj.core.groups.Tuple.tuple("CREATED", "dialer"));

    // the list never shows a secret; revoking the dialer's key leaves the CRM's working
    String listed = send(HttpMethod.GET, ADMIN_KEY, "/v1/admin/workspaces/" + ws + "/keys", null)
        .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    assertThat(listed).contains("\"dialer\"", "\"crm\"").doesNotContain(dialerKey, crmKey, "\"secret\"");
    admin(HttpMethod.DELETE, "/v1/admin/workspaces/" + ws + "/keys/" + dialer.get("keyId"), null, 200);
    send(HttpMethod.GET, dialerKey, "/v1/contacts/" + id, null).expectStatus().isUnauthorized();
    send(HttpMethod.GET, crmKey, "/v1/contacts/" + id, null).expectStatus().isOk();
  }

  @Test
  default void workspaceKeysCannotUseTheAdminApiAndTheAdminCredentialIsNoWorkspaceKey() {
    send(HttpMethod.GET, A, "/v1/admin/workspaces", null).expectStatus().isForbidden();
    send(HttpMethod.POST, A, "/v1/admin/workspaces", Map.of("id", "ws-by-a-tenant")).expectStatus().isForbidden();
    send(HttpMethod.GET, "wrong-admin-key", "/v1/admin/workspaces", null).expectStatus().isUnauthorized();
    send(HttpMethod.GET, ADMIN_KEY, "/v1/contacts", null).expectStatus().isUnauthorized();
    admin(HttpMethod.GET, "/v1/admin/workspaces?pageSize=500", null, 200);
  }
}
