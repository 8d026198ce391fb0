package io.contactsplatform.contactservice;

import static io.contactsplatform.contactservice.ContactServiceHarness.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** Custom field definitions and the values every write path checks against them. */
interface CustomFieldScenarios extends ContactServiceHarness {

  @Test
  default void shouldCreateListAndReadDefinitionsWithUsageCount() {
    Ws ws = freshWorkspace();
    Map<String, Object> created = createField(ws.key(), Map.of("key", "plan", "label", "Plan", "type", "ENUM",
        "allowedValues", List.of("gold", "silver"), "default", "SILVER", "owner", "sales-ops",
        "description", "Subscription plan"));
    createContact(ws.key(), Map.of("phone", randomPhone(), "customFields", Map.of("plan", "Gold")));
    createContact(ws.key(), Map.of("phone", randomPhone()));

    assertThat(created).containsEntry("key", "plan").containsEntry("default", "silver")
        .containsEntry("owner", "sales-ops").containsEntry("usageCount", 0);
    Map<String, Object> list = send(HttpMethod.GET, ws.key(), "/v1/custom-fields", null).expectStatus().isOk()
        .expectBody(JSON).returnResult().getResponseBody();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> items = (List<Map<String, Object>>) list.get("items");
    assertThat(items).singleElement().satisfies(item -> assertThat(item).containsEntry("usageCount", 2)
        .containsEntry("type", "ENUM").containsEntry("allowedValues", List.of("gold", "silver")));
    send(HttpMethod.GET, ws.key(), "/v1/custom-fields/plan", null).expectStatus().isOk()
        .expectBody().jsonPath("$.label").isEqualTo("Plan");
  }

  @Test
  default void shouldRefuseInvalidDefinitionsNamingTheMember() {
    Ws ws = freshWorkspace();
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/custom-fields",
        Map.of("key", "PlanType", "type", "TEXT", "owner", "ops")), 422, "key");
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/custom-fields", Map.of("key", "plan", "type", "TEXT")),
        422, "owner");
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/custom-fields",
        Map.of("key", "plan", "type", "COLOR", "owner", "ops")), 422, "type");
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/custom-fields",
        Map.of("key", "plan", "type", "ENUM", "owner", "ops")), 422, "allowedValues");
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/custom-fields",
        Map.of("key", "score", "type", "NUMBER", "owner", "ops", "default", "high")), 422, "default");
    createField(ws.key(), Map.of("key", "plan", "type", "TEXT", "owner", "ops"));
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/custom-fields",
        Map.of("key", "plan", "type", "TEXT", "owner", "ops")), 409, "key");
    expectProblem(send(HttpMethod.PATCH, ws.key(), "/v1/custom-fields/plan", Map.of("key", "plan_2")), 422, "key");
  }

  @Test
  default void shouldRefuseMoreDefinitionsThanTheConfiguredLimit() {
    Ws ws = freshWorkspace();
    for (int i = 0; i < 5; i++) {
      createField(ws.key(), Map.of("key", "field_" + i, "type", "TEXT", "owner", "ops"));
    }

    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/custom-fields",
        Map.of("key", "field_5", "type", "TEXT", "owner", "ops")), 422, "custom fields");
  }

  @Test
  default void shouldValidateValuesOnEveryApiWritePathNamingTheField() {
    Ws ws = freshWorkspace();
    createField(ws.key(), Map.of("key", "score", "type", "NUMBER", "owner", "ops"));
    createField(ws.key(), Map.of("key", "region", "type", "TEXT", "owner", "ops", "required", true,
        "default", "north"));
    createField(ws.key(), Map.of("key", "renewal", "type", "DATE", "owner", "ops"));

    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/contacts",
        Map.of("phone", randomPhone(), "customFields", Map.of("score", "many"))), 422, "cf:score");
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/contacts",
        Map.of("phone", randomPhone(), "customFields", Map.of("colour", "red"))), 422, "cf:colour");
    Map<String, Object> created = createContact(ws.key(), Map.of("phone", randomPhone(),
        "customFields", Map.of("score", "7", "renewal", "2027-01-31")));
    assertThat(created.get("customFields")).isEqualTo(Map.of("score", 7, "renewal", "2027-01-31", "region", "north"));
    String id = created.get("id").toString();
    expectProblem(send(HttpMethod.PATCH, ws.key(), "/v1/contacts/" + id, Map.of("cf:renewal", "next year")),
        422, "cf:renewal");
    Map<String, Object> clearRequired = new LinkedHashMap<>();
    clearRequired.put("cf:region", null);
    expectProblem(send(HttpMethod.PATCH, ws.key(), "/v1/contacts/" + id, clearRequired), 422, "cf:region");
    Map<String, Object> clearScore = new LinkedHashMap<>();
    clearScore.put("score", null);
    send(HttpMethod.PATCH, ws.key(), "/v1/contacts/" + id, Map.of("customFields", clearScore)).expectStatus().isOk()
        .expectBody().jsonPath("$.customFields.score").doesNotExist();
  }

  @Test
  default void shouldConvertStoredValuesOnTypeChangeOrRefuseWhenOneWouldNotConvert() {
    Ws ws = freshWorkspace();
    createField(ws.key(), Map.of("key", "seats", "type", "TEXT", "owner", "ops"));
    String numeric = createContact(ws.key(), Map.of("phone", randomPhone(), "customFields", Map.of("seats", "12")))
        .get("id").toString();
    String wordy = createContact(ws.key(), Map.of("phone", randomPhone(), "customFields", Map.of("seats", "a dozen")))
        .get("id").toString();

    expectProblem(send(HttpMethod.PATCH, ws.key(), "/v1/custom-fields/seats", Map.of("type", "NUMBER")), 409, "type");
    send(HttpMethod.PATCH, ws.key(), "/v1/contacts/" + wordy, Map.of("cf:seats", "13")).expectStatus().isOk();
    send(HttpMethod.PATCH, ws.key(), "/v1/custom-fields/seats", Map.of("type", "NUMBER")).expectStatus().isOk()
        .expectBody().jsonPath("$.type").isEqualTo("NUMBER");

    getContact(ws.key(), numeric).jsonPath("$.customFields.seats").isEqualTo(12).jsonPath("$.version").isEqualTo(2);
    assertThat(changesOf(numeric, 2).get(1).getContact().getCustomFields().get("seats")).isEqualTo(12L);
  }

  @Test
  default void shouldRefuseDeletingAFieldASegmentUsesNamingTheSegment() {
    Ws ws = freshWorkspace();
    createField(ws.key(), Map.of("key", "tier", "type", "TEXT", "owner", "ops"));
    String contact = createContact(ws.key(), Map.of("phone", randomPhone(), "customFields", Map.of("tier", "a")))
        .get("id").toString();
    Map<String, Object> segment = send(HttpMethod.POST, ws.key(), "/v1/segments", Map.of("name", "Tier A",
        "type", "DYNAMIC", "filter", Map.of("field", "cf:tier", "op", "eq", "value", "a")))
        .expectStatus().isCreated().expectBody(JSON).returnResult().getResponseBody();

    expectProblem(send(HttpMethod.DELETE, ws.key(), "/v1/custom-fields/tier", null), 409, "cf:tier")
        .jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("Tier A"));
    send(HttpMethod.DELETE, ws.key(), "/v1/segments/" + segment.get("id"), null).expectStatus().isNoContent();
    send(HttpMethod.DELETE, ws.key(), "/v1/custom-fields/tier", null).expectStatus().isNoContent();

    getContact(ws.key(), contact).jsonPath("$.customFields.tier").doesNotExist();
    send(HttpMethod.GET, ws.key(), "/v1/custom-fields/tier", null).expectStatus().isNotFound();
  }

  @Test
  default void shouldKeepDefinitionsPerWorkspace() {
    Ws mine = freshWorkspace();
    Ws theirs = freshWorkspace();
    createField(mine.key(), Map.of("key", "secret_plan", "type", "TEXT", "owner", "ops"));

    send(HttpMethod.GET, theirs.key(), "/v1/custom-fields/secret_plan", null).expectStatus().isNotFound();
    send(HttpMethod.GET, theirs.key(), "/v1/custom-fields", null).expectStatus().isOk()
        .expectBody().jsonPath("$.items.length()").isEqualTo(0);
    expectProblem(send(HttpMethod.POST, theirs.key(), "/v1/contacts",
        Map.of("phone", randomPhone(), "customFields", Map.of("secret_plan", "x"))), 422, "cf:secret_plan");
  }
}
