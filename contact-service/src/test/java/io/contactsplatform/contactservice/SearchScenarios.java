package io.contactsplatform.contactservice;

import static io.contactsplatform.contactservice.ContactServiceHarness.condition;
import static io.contactsplatform.contactservice.ContactServiceHarness.freshWorkspace;
import static io.contactsplatform.contactservice.ContactServiceHarness.national;
import static io.contactsplatform.contactservice.ContactServiceHarness.randomPhone;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** The filter language, free-text search and stable cursor paging of {@code POST /v1/contacts/search}. */
interface SearchScenarios extends ContactServiceHarness {

  /** Ids of every contact the search matches (all pages), and checks total on the first page. */
  default List<String> searchIds(String apiKey, Map<String, Object> request) {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    Long total = null;
    do {
      Map<String, Object> body = new LinkedHashMap<>(request);
      body.putIfAbsent("pageSize", 100);
      if (cursor != null) {
        body.put("cursor", cursor);
      }
      Map<String, Object> page = okJson(send(HttpMethod.POST, apiKey, "/v1/contacts/search", body));
      if (total == null) {
        total = ((Number) page.get("total")).longValue();
      }
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
      items.forEach(item -> ids.add(item.get("id").toString()));
      cursor = (String) page.get("nextCursor");
    } while (cursor != null);
    assertThat(ids).hasSize(total.intValue());
    return ids;
  }

  default List<String> matching(String apiKey, Object filter) {
    return searchIds(apiKey, Map.of("filter", filter));
  }

  @Test
  default void shouldApplyEveryOperatorTypeAwareAcrossStandardAndCustomFields() {
    Ws ws = freshWorkspace();
    createField(ws.key(), Map.of("key", "score", "type", "NUMBER", "owner", "ops"));
    createField(ws.key(), Map.of("key", "plan", "type", "ENUM", "allowedValues", List.of("gold", "silver"), "owner", "ops"));
    createField(ws.key(), Map.of("key", "renewal", "type", "DATE", "owner", "ops"));
    createField(ws.key(), Map.of("key", "churned", "type", "BOOLEAN", "owner", "ops"));
    String phoneAda = randomPhone();
    String ada = contactId(ws.key(), Map.of("phone", phoneAda, "firstName", "Ada", "company", "Acme Rockets",
        "email", "ada@acme.example.com", "tags", List.of("vip", "spring"), "timezone", "Europe/London",
        "customFields", Map.of("score", 90, "plan", "gold", "renewal", "2027-03-01", "churned", false)));
    String grace = contactId(ws.key(), Map.of("phone", randomPhone(), "firstName", "Grace", "company", "acme labs",
        "tags", List.of("spring"), "customFields", Map.of("score", 40.5, "plan", "silver", "renewal", "2026-12-24")));
    String alan = contactId(ws.key(), Map.of("phone", randomPhone(), "firstName", "Alan", "company", "Bletchley",
        "customFields", Map.of("score", 65, "churned", true)));

    assertThat(matching(ws.key(), condition("firstName", "eq", "ADA"))).containsExactly(ada);
    assertThat(matching(ws.key(), condition("firstName", "neq", "ada"))).containsExactlyInAnyOrder(grace, alan);
    assertThat(matching(ws.key(), condition("company", "contains", "ACME"))).containsExactlyInAnyOrder(ada, grace);
    assertThat(matching(ws.key(), condition("company", "starts_with", "bletch"))).containsExactly(alan);
    assertThat(matching(ws.key(), condition("firstName", "in", List.of("grace", "alan")))).containsExactlyInAnyOrder(grace, alan);
    assertThat(matching(ws.key(), condition("firstName", "nin", List.of("grace", "alan")))).containsExactly(ada);
    assertThat(matching(ws.key(), condition("phone", "eq", national(phoneAda)))).containsExactly(ada);
    assertThat(matching(ws.key(), condition("tags", "eq", "vip"))).containsExactly(ada);
    assertThat(matching(ws.key(), condition("tags", "nin", List.of("spring")))).containsExactly(alan);
    assertThat(matching(ws.key(), condition("tags", "absent", null))).containsExactly(alan);
    assertThat(matching(ws.key(), condition("email", "present", null))).containsExactly(ada);
    assertThat(matching(ws.key(), condition("timezoneSource", "eq", "provided"))).containsExactly(ada);
    assertThat(matching(ws.key(), condition("cf:score", "gt", 65))).containsExactly(ada);
    assertThat(matching(ws.key(), condition("cf:score", "between", List.of(40, 65)))).containsExactlyInAnyOrder(grace, alan);
    assertThat(matching(ws.key(), condition("cf:score", "lte", 40.5))).containsExactly(grace);
    assertThat(matching(ws.key(), condition("cf:plan", "in", List.of("GOLD")))).containsExactly(ada);
    assertThat(matching(ws.key(), condition("cf:renewal", "lt", "2027-01-01"))).containsExactly(grace);
    assertThat(matching(ws.key(), condition("cf:renewal", "absent", null))).containsExactly(alan);
    assertThat(matching(ws.key(), condition("cf:churned", "eq", true))).containsExactly(alan);
    assertThat(matching(ws.key(), condition("createdAt", "gte", "2020-01-01"))).hasSize(3);
    assertThat(matching(ws.key(), Map.of("all", List.of(condition("company", "contains", "acme"),
        Map.of("any", List.of(condition("cf:score", "gte", 50), condition("tags", "eq", "vip"),
            condition("firstName", "eq", "nobody"))))))).containsExactly(ada);
  }

  @Test
  default void shouldMatchFreeTextAgainstNamesEmailCompanyAndPhoneDigits() {
    Ws ws = freshWorkspace();
    String phone = randomPhone();
    String ada = contactId(ws.key(), Map.of("phone", phone, "firstName", "Ada", "lastName", "Lovelace",
        "email", "countess@engines.example.org", "company", "Analytical Engines"));
    String grace = contactId(ws.key(), Map.of("phone", randomPhone(), "firstName", "Grace", "lastName", "Hopper"));

    assertThat(searchIds(ws.key(), Map.of("search", "lovelace"))).containsExactly(ada);
    assertThat(searchIds(ws.key(), Map.of("search", "ada ENGINES"))).containsExactly(ada);
    assertThat(searchIds(ws.key(), Map.of("search", "countess@"))).containsExactly(ada);
    assertThat(searchIds(ws.key(), Map.of("search", national(phone).substring(0, 9)))).contains(ada);
    assertThat(searchIds(ws.key(), Map.of("search", "hopper", "filter", condition("firstName", "eq", "ada")))).isEmpty();
    assertThat(searchIds(ws.key(), Map.of("search", "grace"))).containsExactly(grace);
  }

  @Test
  default void shouldAnswer400NamingTheUnknownFieldMisfitOperatorOrWrongValue() {
    Ws ws = freshWorkspace();
    createField(ws.key(), Map.of("key", "score", "type", "NUMBER", "owner", "ops"));

    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/contacts/search",
        Map.of("filter", condition("nickname", "eq", "x"))), 400, "filter.field: unknown field 'nickname'");
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/contacts/search",
        Map.of("filter", Map.of("all", List.of(condition("firstName", "eq", "x"), condition("cf:score", "contains", "9"))))),
        400, "filter.all[1].op: operator 'contains' does not apply to cf:score");
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/contacts/search",
        Map.of("filter", Map.of("any", List.of(condition("cf:score", "gt", "ten"))))), 400, "filter.any[0].value");
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/contacts/search",
        Map.of("filter", condition("cf:missing", "eq", "x"))), 400, "filter.field: unknown field 'cf:missing'");
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/contacts/search",
        Map.of("filter", condition("status", "eq", "DELETED"))), 400, "filter.value");
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/contacts/search", Map.of("pageSize", 501)), 400, "pageSize");
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/contacts/search", Map.of("sort", "tags")), 400, "sort");
  }

  @Test
  default void shouldPageWithoutDuplicatesOrGapsWhileContactsChange() {
    Ws ws = freshWorkspace();
    List<String> original = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      original.add(contactId(ws.key(), Map.of("phone", randomPhone(), "lastName", "Name" + (i % 4))));
    }
    for (String sort : List.of("createdAt", "lastName", "-lastName")) {
      List<String> seen = new ArrayList<>();
      Map<String, Object> first = okJson(send(HttpMethod.POST, ws.key(), "/v1/contacts/search",
          Map.of("pageSize", 5, "sort", sort)));
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> firstItems = (List<Map<String, Object>>) first.get("items");
      firstItems.forEach(item -> seen.add(item.get("id").toString()));

      contactId(ws.key(), Map.of("phone", randomPhone(), "lastName", "Late" + sort));
      send(HttpMethod.PATCH, ws.key(), "/v1/contacts/" + seen.get(0), Map.of("company", "touched " + sort))
          .expectStatus().isOk();

      String cursor = (String) first.get("nextCursor");
      while (cursor != null) {
        Map<String, Object> page = okJson(send(HttpMethod.POST, ws.key(), "/v1/contacts/search",
            Map.of("pageSize", 5, "sort", sort, "cursor", cursor)));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
        items.forEach(item -> seen.add(item.get("id").toString()));
        cursor = (String) page.get("nextCursor");
      }

      Set<String> unique = new HashSet<>(seen);
      assertThat(unique).as("no duplicates with sort " + sort).hasSize(seen.size());
      assertThat(unique).as("no gaps with sort " + sort).containsAll(original);
    }
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/contacts/search", Map.of("sort", "lastName",
        "cursor", okJson(send(HttpMethod.POST, ws.key(), "/v1/contacts/search", Map.of("pageSize", 1)))
            .get("nextCursor"))), 400, "cursor");
  }
}
