package io.contactsplatform.contactservice;

import static io.contactsplatform.contactservice.ContactServiceHarness.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.schemas.Topics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/** The contacts API: create, read, look up, patch, archive, erase, workspace isolation. */
interface ContactApiScenarios extends ContactServiceHarness {

  @Test
  default void shouldAnswer401ProblemWithoutOrWithUnknownKey() {
    http().get().uri("/v1/contacts").exchange()
        .expectStatus().isUnauthorized()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.status").isEqualTo(401);
    http().get().uri("/v1/contacts").header("Authorization", "Bearer not-a-key").exchange()
        .expectStatus().isUnauthorized();
    http().get().uri("/actuator/health").exchange().expectStatus().isNotFound();
    http().get().uri("/actuator/prometheus").header("Authorization", "Bearer " + io.contactsplatform.testsupport.TestWorkspaces.KEY_A).exchange()
        .expectStatus().isNotFound();
    management().get().uri("/actuator/health").exchange().expectStatus().isOk();
  }

  @Test
  default void shouldCreateContactValidatedLikeAnImportRowAndPublishVersionOne() {
    String phone = randomPhone();
    Map<String, Object> created = createContact(A, Map.of("phone", national(phone), "firstName", " Ada ",
        "email", "ada@example.com", "country", "us", "tags", List.of("vip", "vip", "spring")));

    assertThat(created).containsEntry("phone", phone).containsEntry("firstName", "Ada")
        .containsEntry("country", "US").containsEntry("timezoneSource", "INFERRED_FROM_PHONE")
        .containsEntry("timezone", "America/Los_Angeles").containsEntry("status", "ACTIVE")
        .containsEntry("version", 1).containsEntry("tags", List.of("vip", "spring"));
    assertThat(created.get("dnc")).isEqualTo(Map.of("blocked", false, "sources", List.of(), "blockedCampaigns", List.of()));
    ContactChange change = changesOf(created.get("id").toString(), 1).get(0);
    assertThat(change.getContact().getEmail()).isEqualTo("ada@example.com");
    assertThat(change.getContact().getContactSource()).isEqualTo("MANUAL");
  }

  @Test
  default void shouldAnswer422NamingTheFieldForInvalidValues() {
    expectProblem(send(HttpMethod.POST, A, "/v1/contacts", Map.of("phone", "12")), 422, "phone");
    expectProblem(send(HttpMethod.POST, A, "/v1/contacts", Map.of("firstName", "No phone")), 422, "phone");
    expectProblem(send(HttpMethod.POST, A, "/v1/contacts", Map.of("phone", randomPhone(), "email", "not-an-email")),
        422, "email");
    expectProblem(send(HttpMethod.POST, A, "/v1/contacts", Map.of("phone", randomPhone(), "timezone", "Mars/Base")),
        422, "timezone");
    expectProblem(send(HttpMethod.POST, A, "/v1/contacts", Map.of("phone", randomPhone(), "country", "Narnia")),
        422, "country");
  }

  @Test
  default void shouldAnswer409WithExistingIdForDuplicateNumber() {
    String phone = randomPhone();
    String id = createContact(A, Map.of("phone", phone)).get("id").toString();

    send(HttpMethod.POST, A, "/v1/contacts", Map.of("phone", national(phone)))
        .expectStatus().isEqualTo(409)
        .expectBody().jsonPath("$.existingId").isEqualTo(id).jsonPath("$.detail").value(d ->
            assertThat(d.toString()).startsWith("phone"));
  }

  @Test
  default void shouldFindContactByNumberInAnyFormat() {
    String phone = randomPhone();
    String id = createContact(A, Map.of("phone", phone)).get("id").toString();

    http().get().uri(u -> u.path("/v1/contacts").queryParam("phone", "{p}").build(national(phone)))
        .header("Authorization", "Bearer " + A).exchange().expectStatus().isOk()
        .expectBody().jsonPath("$.items[0].id").isEqualTo(id).jsonPath("$.items.length()").isEqualTo(1);
  }

  @Test
  default void shouldHideAnotherWorkspacesContactFromEveryEndpoint() {
    String phone = randomPhone();
    String idInB = createContact(B, Map.of("phone", phone, "firstName", "Secret")).get("id").toString();

    send(HttpMethod.GET, A, "/v1/contacts/" + idInB, null).expectStatus().isNotFound()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    send(HttpMethod.PATCH, A, "/v1/contacts/" + idInB, Map.of("firstName", "Hacked")).expectStatus().isNotFound();
    send(HttpMethod.DELETE, A, "/v1/contacts/" + idInB + "?erase=true", null).expectStatus().isNotFound();
    http().get().uri("/v1/contacts?pageSize=500").header("Authorization", "Bearer " + A)
        .exchange().expectStatus().isOk()
        .expectBody().jsonPath("$.items[?(@.id == '" + idInB + "')]").doesNotExist();
    http().get().uri("/v1/contacts?phone={p}", phone).header("Authorization", "Bearer " + A)
        .exchange().expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(0);
    getContact(B, idInB).jsonPath("$.firstName").isEqualTo("Secret");
  }

  @Test
  default void shouldPatchOnlyGivenFieldsClearNullsAndPublishNextVersion() {
    String id = createContact(A, Map.of("phone", randomPhone(), "firstName", "Ada", "company", "Engines",
        "email", "ada@example.com")).get("id").toString();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("lastName", "Lovelace");
    body.put("company", null);

    Map<String, Object> patched = send(HttpMethod.PATCH, A, "/v1/contacts/" + id, body)
        .expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody();

    assertThat(patched).containsEntry("firstName", "Ada").containsEntry("lastName", "Lovelace")
        .containsEntry("company", null).containsEntry("email", "ada@example.com").containsEntry("version", 2);
    ContactChange change = changesOf(id, 2).get(1);
    assertThat(change.getVersion()).isEqualTo(2);
    assertThat(change.getContact().getCompany()).isNull();
    assertThat(change.getContact().getLastName()).isEqualTo("Lovelace");
  }

  @Test
  default void shouldNotBumpVersionForPatchThatChangesNothing() {
    String id = createContact(A, Map.of("phone", randomPhone(), "firstName", "Same")).get("id").toString();

    send(HttpMethod.PATCH, A, "/v1/contacts/" + id, Map.of("firstName", "Same")).expectStatus().isOk()
        .expectBody().jsonPath("$.version").isEqualTo(1);
  }

  @Test
  default void shouldRefusePatchOfUnknownReadOnlyOrInvalidField() {
    String id = createContact(A, Map.of("phone", randomPhone())).get("id").toString();
    Map<String, Object> clearPhone = new LinkedHashMap<>();
    clearPhone.put("phone", null);

    expectProblem(send(HttpMethod.PATCH, A, "/v1/contacts/" + id, Map.of("nickname", "x")), 400, "nickname");
    expectProblem(send(HttpMethod.PATCH, A, "/v1/contacts/" + id, Map.of("version", 9)), 400, "version");
    expectProblem(send(HttpMethod.PATCH, A, "/v1/contacts/" + id, Map.of("email", "nope")), 422, "email");
    expectProblem(send(HttpMethod.PATCH, A, "/v1/contacts/" + id, clearPhone), 422, "phone");
  }

  @Test
  default void shouldMoveNumberOnPatchFreeTheOldOneAndRefuseANumberHeldByAnother() {
    String oldPhone = randomPhone();
    String newPhone = randomPhone();
    String id = createContact(A, Map.of("phone", oldPhone)).get("id").toString();
    String otherPhone = randomPhone();
    String other = createContact(A, Map.of("phone", otherPhone)).get("id").toString();

    send(HttpMethod.PATCH, A, "/v1/contacts/" + id, Map.of("phone", national(newPhone))).expectStatus().isOk()
        .expectBody().jsonPath("$.phone").isEqualTo(newPhone);
    send(HttpMethod.PATCH, A, "/v1/contacts/" + id, Map.of("phone", otherPhone)).expectStatus().isEqualTo(409)
        .expectBody().jsonPath("$.existingId").isEqualTo(other);

    http().get().uri("/v1/contacts?phone={p}", newPhone).header("Authorization", "Bearer " + A).exchange()
        .expectBody().jsonPath("$.items[0].id").isEqualTo(id);
    String reused = createContact(A, Map.of("phone", oldPhone)).get("id").toString();
    assertThat(reused).isNotEqualTo(id);
  }

  @Test
  default void shouldArchiveOnDeleteAndLeaveArchivedContactsOutOfTheDefaultList() {
    String id = createContact(A, Map.of("phone", randomPhone(), "firstName", "Archie")).get("id").toString();

    send(HttpMethod.DELETE, A, "/v1/contacts/" + id, null).expectStatus().isNoContent();

    getContact(A, id).jsonPath("$.status").isEqualTo("ARCHIVED").jsonPath("$.firstName").isEqualTo("Archie");
    assertThat(changesOf(id, 2).get(1).getContact().getStatus().name()).isEqualTo("ARCHIVED");
    send(HttpMethod.POST, A, "/v1/contacts/search", Map.of("filter", Map.of("field", "id", "op", "eq", "value", id)))
        .expectStatus().isOk().expectBody().jsonPath("$.total").isEqualTo(0);
    send(HttpMethod.PATCH, A, "/v1/contacts/" + id, Map.of("status", "ACTIVE")).expectStatus().isOk()
        .expectBody().jsonPath("$.status").isEqualTo("ACTIVE");
  }

  @Test
  default void shouldEraseToATombstoneWithTheIdPublishDeleteAndFreeTheNumber() {
    String phone = randomPhone();
    String id = createContact(A, Map.of("phone", phone, "firstName", "Forget", "email", "me@example.com",
        "tags", List.of("gdpr"))).get("id").toString();

    send(HttpMethod.DELETE, A, "/v1/contacts/" + id + "?erase=true", null).expectStatus().isNoContent();

    Map<String, Object> tombstone = send(HttpMethod.GET, A, "/v1/contacts/" + id, null).expectStatus().isOk()
        .expectBody(JSON).returnResult().getResponseBody();
    assertThat(tombstone).containsEntry("id", id).containsEntry("status", "ERASED").containsEntry("phone", null)
        .containsEntry("firstName", null).containsEntry("email", null).containsEntry("tags", List.of())
        .containsEntry("version", 2);
    ContactChange deleted = changesOf(id, 2).get(1);
    assertThat(deleted.getDeleted()).isTrue();
    assertThat(deleted.getContact()).isNull();
    send(HttpMethod.PATCH, A, "/v1/contacts/" + id, Map.of("firstName", "Back")).expectStatus().isEqualTo(409);
    assertThat(createContact(A, Map.of("phone", phone)).get("id")).isNotEqualTo(id);
  }

  @Test
  default void shouldStillPublishApiChangeWhenThePublishFailedOnce() {
    String name = FlakyPublisherConfiguration.FAIL_ONCE + "-api-" + UUID.randomUUID();

    send(HttpMethod.POST, A, "/v1/contacts", Map.of("phone", randomPhone(), "firstName", name))
        .expectStatus().is5xxServerError();

    ContactChange republished = bus().read(Topics.CONTACT_CHANGES, 1,
        c -> c.getContact() != null && name.equals(c.getContact().getFirstName())).get(0);
    assertThat(republished.getVersion()).isEqualTo(1);
  }
}
