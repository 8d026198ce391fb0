package io.contactsplatform.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.contactsplatform.testsupport.TestWorkspaces;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Safe edits of campaign configs over HTTP: versions and ETags, 409 on a stale base, what an
 * unversioned PUT dropped, merge patch of one variable, history, diff, restore, the campaign list
 * and workspace isolation. Mixed into {@link VariableResolverIntegrationTests} (one cached context).
 */
interface CampaignVersionScenarios {

  MediaType MERGE_PATCH = MediaType.parseMediaType("application/merge-patch+json");
  /**
   * Who saves every version of these scenarios: the name of workspace A's key. The {@code X-Actor}
   * headers and {@code actor} members the requests still send are ignored.
   */
  String KEY_NAME = io.contactsplatform.testsupport.TestWorkspaces.KEY_A_NAME;

  WebTestClient http();

  @Test
  default void shouldRefuseASecondSaveBasedOnAStaleVersionWith409NamingTheCurrentOne() {
    String campaign = newCampaign();
    send(HttpMethod.PUT, "ws-a", "/v1/campaigns/{id}/config", campaign, h -> { }, config("a", "b"))
        .expectStatus().isOk().expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\"")
        .expectBody().jsonPath("$.version").isEqualTo(1).jsonPath("$.updatedBy").isEqualTo(KEY_NAME);

    // two tabs loaded version 1; the first saves
    send(HttpMethod.PUT, "ws-a", "/v1/campaigns/{id}/config", campaign, ifMatch("\"1\"").andThen(actor("alice")),
        config("a", "b", "c"))
        .expectStatus().isOk().expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"")
        .expectBody().jsonPath("$.version").isEqualTo(2).jsonPath("$.updatedBy").isEqualTo(KEY_NAME)
        .jsonPath("$.dropped").doesNotExist();

    // the second tab saves on version 1: refused, nothing written
    send(HttpMethod.PUT, "ws-a", "/v1/campaigns/{id}/config", campaign, ifMatch("\"1\""), config("a"))
        .expectStatus().isEqualTo(409)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.currentVersion").isEqualTo(2).jsonPath("$.basedOnVersion").isEqualTo(1)
        .jsonPath("$.updatedBy").isEqualTo(KEY_NAME)
        .jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("is at version 2"));
    Map<String, Object> body = new LinkedHashMap<>(config("a"));
    body.put("version", 1);
    send(HttpMethod.PUT, "ws-a", "/v1/campaigns/{id}/variables", campaign, h -> { }, body)
        .expectStatus().isEqualTo(409).expectBody().jsonPath("$.currentVersion").isEqualTo(2);
    send(HttpMethod.PATCH, "ws-a", "/v1/campaigns/{id}/config", campaign, ifMatch("W/\"1\""), Map.of())
        .expectStatus().isEqualTo(409);

    send(HttpMethod.GET, "ws-a", "/v1/campaigns/{id}/config", campaign, h -> { }, null)
        .expectStatus().isOk().expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"")
        .expectBody().jsonPath("$.variables.length()").isEqualTo(3);
    send(HttpMethod.PUT, "ws-a", "/v1/campaigns/{id}/config", campaign, ifMatch("\"0\""), config("a")).expectStatus().isEqualTo(409);
    send(HttpMethod.PUT, "ws-a", "/v1/campaigns/{id}/config", campaign, ifMatch("\"2\""), body).expectStatus().isBadRequest();
  }

  @Test
  @SuppressWarnings("unchecked")
  default void shouldPatchOneVariableAndKeepTheOthersTheStaticsAndTheCallingWindow() {
    String campaign = newCampaign();
    Map<String, Object> body = new LinkedHashMap<>(config("first_name", "plan", "tier"));
    body.put("allowUnknownContacts", true);
    send(HttpMethod.PUT, "ws-a", "/v1/campaigns/{id}/config", campaign, h -> { }, body).expectStatus().isOk();

    Map<String, Object> patch = Map.of("version", 1, "actor", "bob",
        "variables", Map.of("plan", Map.of("default", "gold")), "staticVariables", Map.of("offer", "30% off"));
    Map<String, Object> patched = json(send(HttpMethod.PATCH, "ws-a", "/v1/campaigns/{id}/config", campaign,
        h -> h.setContentType(MERGE_PATCH), patch).expectStatus().isOk()
        .expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\""));

    assertThat(patched).containsEntry("version", 2).containsEntry("updatedBy", KEY_NAME)
        .containsEntry("fallbackTimezone", "America/Chicago").containsEntry("allowUnknownContacts", true);
    List<Map<String, Object>> variables = (List<Map<String, Object>>) patched.get("variables");
    assertThat(variables).extracting(v -> v.get("name")).containsExactly("first_name", "plan", "tier");
    assertThat(variables.get(1)).containsEntry("default", "gold").containsEntry("binding", "row.Plan");
    assertThat(variables.get(0)).containsEntry("binding", "contact.first_name").containsEntry("required", true);
    assertThat(variables.get(2)).containsEntry("binding", "row.Tier");
    assertThat((Map<String, Object>) patched.get("callingWindow")).containsEntry("start", "09:00")
        .containsEntry("end", "20:00").containsEntry("days", List.of("MON", "TUE", "WED", "THU", "FRI"));
    assertThat((Map<String, Object>) patched.get("staticVariables")).containsEntry("offer", "30% off")
        .containsEntry("company_name", "Acme");

    // plain JSON works too, without a version (applies to the current one); null removes one variable
    Map<String, Object> remove = new LinkedHashMap<>();
    remove.put("tier", null);
    send(HttpMethod.PATCH, "ws-a", "/v1/campaigns/{id}/config", campaign, h -> { }, Map.of("variables", remove))
        .expectStatus().isOk().expectBody().jsonPath("$.version").isEqualTo(3)
        .jsonPath("$.variables.length()").isEqualTo(2).jsonPath("$.callingWindow.start").isEqualTo("09:00");

    // a patch that breaks a rule saves nothing
    send(HttpMethod.PATCH, "ws-a", "/v1/campaigns/{id}/config", campaign, h -> { },
        Map.of("variables", Map.of("plan", Map.of("type", "NUMBER")))).expectStatus().isEqualTo(422)
        .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).startsWith("variables[plan]"));
    // the call path sees the patched config at once (once the resolver's state is loaded: until then
    // every answer is BLOCKED_OTHER, whatever the config)
    Map<String, Object> resolved = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> json(send(HttpMethod.POST, "ws-a", "/v1/resolve", null, h -> { }, Map.of("campaignId", campaign,
            "phone", "+14155550132", "at", "2026-11-04T18:00:00Z")).expectStatus().isOk()),
            r -> !"BLOCKED_OTHER".equals(r.get("status")));
    assertThat(resolved).containsEntry("status", "BLOCKED_MISSING_VARIABLES").containsEntry("missing", List.of("first_name"));
    assertThat((Map<String, Object>) resolved.get("variables")).containsEntry("offer", "30% off");
    send(HttpMethod.PATCH, "ws-a", "/v1/campaigns/{id}/config", newCampaign(), h -> { }, Map.of()).expectStatus().isNotFound();
  }

  @Test
  @SuppressWarnings("unchecked")
  default void shouldListTheHistoryNewestFirstAndDiffTwoVersions() {
    String campaign = newCampaign();
    send(HttpMethod.PUT, "ws-a", "/v1/campaigns/{id}/config", campaign, actor("alice"), config("a", "b"))
        .expectStatus().isOk();
    Map<String, Object> second = new LinkedHashMap<>(config("a", "c"));
    second.put("variables", List.of(variable("a", "contact.company"), variable("c", "row.C")));
    second.put("callingWindow", Map.of("start", "10:00", "end", "18:00"));
    second.put("staticVariables", Map.of("company_name", "Acme Inc", "region", "west"));
    send(HttpMethod.PUT, "ws-a", "/v1/campaigns/{id}/config", campaign, ifMatch("\"1\"").andThen(actor("bob")), second)
        .expectStatus().isOk();
    send(HttpMethod.PATCH, "ws-a", "/v1/campaigns/{id}/config", campaign, ifMatch("\"2\""),
        Map.of("fallbackTimezone", "America/Denver")).expectStatus().isOk();

    Map<String, Object> page = json(send(HttpMethod.GET, "ws-a", "/v1/campaigns/{id}/versions?pageSize=2", campaign,
        h -> { }, null).expectStatus().isOk());
    List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
    assertThat(items).extracting(i -> i.get("version")).containsExactly(3, 2);
    assertThat(items.get(1)).containsEntry("actor", KEY_NAME).containsEntry("savedAt", "2026-11-04T16:00:00Z")
        .containsEntry("summary", "variables +c -b ~a; static +region -offer ~company_name; calling window");
    assertThat(items.get(0)).containsEntry("actor", KEY_NAME).containsEntry("summary", "fallbackTimezone");
    Map<String, Object> next = json(send(HttpMethod.GET, "ws-a", "/v1/campaigns/{id}/versions?pageSize=2&cursor="
        + page.get("nextCursor"), campaign, h -> { }, null).expectStatus().isOk());
    assertThat((List<Map<String, Object>>) next.get("items")).extracting(i -> i.get("version")).containsExactly(1);
    assertThat(((List<Map<String, Object>>) next.get("items")).get(0)).containsEntry("actor", KEY_NAME)
        .containsEntry("summary", "created with 2 variables");
    assertThat(next.get("nextCursor")).isNull();

    send(HttpMethod.GET, "ws-a", "/v1/campaigns/{id}/versions/1", campaign, h -> { }, null).expectStatus().isOk()
        .expectBody().jsonPath("$.version").isEqualTo(1).jsonPath("$.updatedBy").isEqualTo(KEY_NAME)
        .jsonPath("$.variables[1].name").isEqualTo("b").jsonPath("$.callingWindow.start").isEqualTo("09:00");

    Map<String, Object> diff = json(send(HttpMethod.GET, "ws-a", "/v1/campaigns/{id}/versions/2/diff?against=1",
        campaign, h -> { }, null).expectStatus().isOk());
    assertThat(diff).containsEntry("from", 1).containsEntry("to", 2).containsEntry("unchanged", false);
    Map<String, Object> variables = (Map<String, Object>) diff.get("variables");
    assertThat((List<Map<String, Object>>) variables.get("added")).extracting(v -> v.get("name")).containsExactly("c");
    assertThat((List<Map<String, Object>>) variables.get("removed")).extracting(v -> v.get("name")).containsExactly("b");
    Map<String, Object> changedA = ((List<Map<String, Object>>) variables.get("changed")).get(0);
    assertThat(changedA).containsEntry("name", "a");
    assertThat((Map<String, Object>) changedA.get("changes")).containsOnlyKeys("binding")
        .containsEntry("binding", Map.of("before", "row.A", "after", "contact.company"));
    Map<String, Object> statics = (Map<String, Object>) diff.get("staticVariables");
    assertThat(statics.get("added")).isEqualTo(Map.of("region", "west"));
    assertThat(statics.get("removed")).isEqualTo(Map.of("offer", "20% off"));
    assertThat(statics.get("changed")).isEqualTo(Map.of("company_name", Map.of("before", "Acme", "after", "Acme Inc")));
    Map<String, Object> window = (Map<String, Object>) diff.get("callingWindow");
    assertThat((Map<String, Object>) window.get("before")).containsEntry("start", "09:00");
    assertThat((Map<String, Object>) window.get("after")).containsEntry("start", "10:00").containsEntry("end", "18:00");

    send(HttpMethod.GET, "ws-a", "/v1/campaigns/{id}/versions/3/diff", campaign, h -> { }, null).expectStatus().isOk()
        .expectBody().jsonPath("$.from").isEqualTo(2).jsonPath("$.settings.fallbackTimezone.after")
        .isEqualTo("America/Denver").jsonPath("$.variables.changed.length()").isEqualTo(0);
    send(HttpMethod.GET, "ws-a", "/v1/campaigns/{id}/versions/4", campaign, h -> { }, null)
        .expectStatus().isNotFound();
  }

  @Test
  @SuppressWarnings("unchecked")
  default void shouldRestoreVersionOneAsVersionThree() {
    String campaign = newCampaign();
    send(HttpMethod.PUT, "ws-a", "/v1/campaigns/{id}/config", campaign, h -> { }, config("a", "b")).expectStatus().isOk();
    send(HttpMethod.PUT, "ws-a", "/v1/campaigns/{id}/config", campaign, ifMatch("\"1\""), Map.of("variables",
        List.of(variable("z", null)))).expectStatus().isOk();

    send(HttpMethod.POST, "ws-a", "/v1/campaigns/{id}/versions/1/restore", campaign, ifMatch("\"1\""), null).expectStatus().isEqualTo(409)
        .expectBody().jsonPath("$.currentVersion").isEqualTo(2);
    Map<String, Object> restored = json(send(HttpMethod.POST, "ws-a", "/v1/campaigns/{id}/versions/1/restore",
        campaign, ifMatch("\"2\""), Map.of("actor", "carol")).expectStatus().isOk()
        .expectHeader().valueEquals(HttpHeaders.ETAG, "\"3\""));

    Map<String, Object> first = json(send(HttpMethod.GET, "ws-a", "/v1/campaigns/{id}/versions/1", campaign,
        h -> { }, null).expectStatus().isOk());
    Map<String, Object> current = json(send(HttpMethod.GET, "ws-a", "/v1/campaigns/{id}/config", campaign,
        h -> { }, null).expectStatus().isOk());
    assertThat(restored).containsEntry("version", 3).containsEntry("updatedBy", KEY_NAME);
    assertThat(current).isEqualTo(restored);
    for (String member : List.of("variables", "staticVariables", "callingWindow", "fallbackTimezone",
        "allowUnknownContacts", "missingRequired")) {
      assertThat(restored.get(member)).as(member).isEqualTo(first.get(member));
    }
    send(HttpMethod.GET, "ws-a", "/v1/campaigns/{id}/versions/3/diff?against=1", campaign, h -> { }, null)
        .expectStatus().isOk().expectBody().jsonPath("$.unchanged").isEqualTo(true);
    Map<String, Object> history = json(send(HttpMethod.GET, "ws-a", "/v1/campaigns/{id}/versions", campaign,
        h -> { }, null).expectStatus().isOk());
    assertThat(((List<Map<String, Object>>) history.get("items")).get(0).get("summary").toString())
        .startsWith("restored version 1 (variables +a +b -z");
  }

  @Test
  @SuppressWarnings("unchecked")
  default void shouldTakeAnEditedAnswerBackAsThePutBodyBasedOnItsVersion() {
    String campaign = newCampaign();
    send(HttpMethod.PUT, "ws-a", "/v1/campaigns/{id}/config", campaign, h -> { }, config("a", "b")).expectStatus().isOk();
    Map<String, Object> loaded = json(send(HttpMethod.GET, "ws-a", "/v1/campaigns/{id}/config", campaign, h -> { },
        null).expectStatus().isOk());
    send(HttpMethod.PATCH, "ws-a", "/v1/campaigns/{id}/config", campaign, h -> { }, Map.of("missingRequired",
        "USE_DEFAULT")).expectStatus().isOk();

    Map<String, Object> edited = new LinkedHashMap<>(loaded);
    edited.put("staticVariables", Map.of("offer", "edited"));
    send(HttpMethod.PUT, "ws-a", "/v1/campaigns/{id}/config", campaign, h -> { }, edited)
        .expectStatus().isEqualTo(409).expectBody().jsonPath("$.basedOnVersion").isEqualTo(1);
    edited.put("version", 2);
    send(HttpMethod.PUT, "ws-a", "/v1/campaigns/{id}/config", campaign, h -> { }, edited)
        .expectStatus().isOk().expectBody().jsonPath("$.version").isEqualTo(3)
        .jsonPath("$.staticVariables.offer").isEqualTo("edited").jsonPath("$.missingRequired").isEqualTo("BLOCK");
  }

  @Test
  @SuppressWarnings("unchecked")
  default void shouldSayWhatAPutWithoutVersionDropped() {
    String campaign = newCampaign();
    send(HttpMethod.PUT, "ws-a", "/v1/campaigns/{id}/config", campaign, h -> { }, config("first_name", "plan", "tier"))
        .expectStatus().isOk().expectBody().jsonPath("$.dropped").doesNotExist();

    // the new user's example PUT: one variable, no window, no statics
    Map<String, Object> answer = json(send(HttpMethod.PUT, "ws-a", "/v1/campaigns/{id}/config", campaign, h -> { },
        Map.of("variables", List.of(variable("first_name", "contact.first_name")))).expectStatus().isOk()
        .expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\""));

    Map<String, Object> dropped = (Map<String, Object>) answer.get("dropped");
    assertThat(dropped).containsEntry("basedOnVersion", 1)
        .containsEntry("variables", List.of("plan", "tier"))
        .containsEntry("staticVariables", List.of("offer", "company_name"))
        .containsEntry("settings", List.of("callingWindow", "fallbackTimezone"));
    assertThat((List<String>) answer.get("warnings")).hasSize(3)
        .anySatisfy(w -> assertThat(w).contains("plan, tier"));

    send(HttpMethod.PUT, "ws-a", "/v1/campaigns/{id}/config", campaign, ifMatch("\"2\""),
        Map.of("variables", List.of())).expectStatus().isOk().expectBody()
        .jsonPath("$.dropped").doesNotExist().jsonPath("$.warnings").doesNotExist();
  }

  @Test
  @SuppressWarnings("unchecked")
  default void shouldKeepAnotherWorkspacesCampaignsVersionsAndListOutOfReach() {
    String campaign = newCampaign();
    send(HttpMethod.PUT, "ws-a", "/v1/campaigns/{id}/config", campaign, h -> { }, config("a")).expectStatus().isOk();
    send(HttpMethod.PUT, "ws-a", "/v1/campaigns/{id}/config", campaign, ifMatch("\"1\""), config("a", "b"))
        .expectStatus().isOk();

    for (String path : List.of("/v1/campaigns/{id}/config", "/v1/campaigns/{id}/versions",
        "/v1/campaigns/{id}/versions/1", "/v1/campaigns/{id}/versions/2/diff?against=1")) {
      send(HttpMethod.GET, "ws-b", path, campaign, h -> { }, null).expectStatus().isNotFound();
    }
    send(HttpMethod.POST, "ws-b", "/v1/campaigns/{id}/versions/1/restore", campaign, h -> { }, null)
        .expectStatus().isNotFound();
    send(HttpMethod.PATCH, "ws-b", "/v1/campaigns/{id}/config", campaign, h -> { }, Map.of("staticVariables",
        Map.of("x", "y"))).expectStatus().isNotFound();
    send(HttpMethod.PUT, "ws-b", "/v1/campaigns/{id}/config", campaign, ifMatch("\"2\""), config("a")).expectStatus().isEqualTo(409)
        .expectBody().jsonPath("$.currentVersion").isEqualTo(0);

    assertThat(allCampaigns("ws-b")).noneMatch(c -> campaign.equals(c.get("campaignId")));
    List<Map<String, Object>> inA = allCampaigns("ws-a");
    assertThat(inA).filteredOn(c -> campaign.equals(c.get("campaignId"))).singleElement()
        .satisfies(c -> assertThat(c).containsEntry("version", 2).containsEntry("variableCount", 2)
            .containsEntry("staticVariableCount", 2).containsEntry("updatedAt", "2026-11-04T16:00:00Z"));
    assertThat(inA).extracting(c -> (String) c.get("campaignId")).isSorted();
    // A still sees its own, unchanged
    send(HttpMethod.GET, "ws-a", "/v1/campaigns/{id}/config", campaign, h -> { }, null).expectStatus().isOk()
        .expectBody().jsonPath("$.version").isEqualTo(2);
  }

  // ---------------------------------------------------------------- helpers

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> allCampaigns(String workspace) {
    List<Map<String, Object>> all = new ArrayList<>();
    String cursor = null;
    do {
      Map<String, Object> page = json(send(HttpMethod.GET, workspace, "/v1/campaigns?pageSize=7"
          + (cursor == null ? "" : "&cursor=" + cursor), null, h -> { }, null).expectStatus().isOk());
      all.addAll((List<Map<String, Object>>) page.get("items"));
      cursor = (String) page.get("nextCursor");
    } while (cursor != null);
    return all;
  }

  private WebTestClient.ResponseSpec send(HttpMethod method, String workspace, String path, String campaign,
                                          Consumer<HttpHeaders> headers, Object body) {
    WebTestClient.RequestBodySpec request = http().method(method)
        .uri(path, campaign == null ? new Object[0] : new Object[] {campaign})
        .header("Authorization", "Bearer " + ("ws-a".equals(workspace) ? TestWorkspaces.KEY_A : TestWorkspaces.KEY_B))
        .contentType(MediaType.APPLICATION_JSON)
        .headers(headers);
    return body == null ? request.exchange() : request.bodyValue(body).exchange();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(WebTestClient.ResponseSpec spec) {
    return spec.expectBody(Map.class).returnResult().getResponseBody();
  }

  private static Consumer<HttpHeaders> ifMatch(String etag) {
    return h -> h.set(HttpHeaders.IF_MATCH, etag);
  }

  private static Consumer<HttpHeaders> actor(String actor) {
    return h -> h.set("X-Actor", actor);
  }

  private static String newCampaign() {
    return "versions-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Variables bound to row columns, two statics, a weekday window and a fallback zone. */
  private static Map<String, Object> config(String... variables) {
    Map<String, Object> config = new LinkedHashMap<>();
    List<Map<String, Object>> declared = new ArrayList<>();
    for (String name : variables) {
      declared.add(variable(name, "first_name".equals(name) ? "contact.first_name"
          : "row." + Character.toUpperCase(name.charAt(0)) + name.substring(1)));
    }
    if (declared.size() > 0 && "first_name".equals(variables[0])) {
      declared.get(0).put("required", true);
    }
    config.put("variables", declared);
    Map<String, Object> statics = new LinkedHashMap<>();
    statics.put("offer", "20% off");
    statics.put("company_name", "Acme");
    config.put("staticVariables", statics);
    config.put("callingWindow", Map.of("days", List.of("MON", "TUE", "WED", "THU", "FRI"), "start", "09:00",
        "end", "20:00"));
    config.put("fallbackTimezone", "America/Chicago");
    return config;
  }

  private static Map<String, Object> variable(String name, String binding) {
    Map<String, Object> variable = new LinkedHashMap<>();
    variable.put("name", name);
    if (binding != null) {
      variable.put("binding", binding);
    }
    return variable;
  }
}
