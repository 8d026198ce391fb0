package io.contactsplatform.contactservice;

import static io.contactsplatform.contactservice.ContactServiceHarness.condition;
import static io.contactsplatform.contactservice.ContactServiceHarness.freshWorkspace;
import static io.contactsplatform.contactservice.ContactServiceHarness.randomPhone;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** Segments: dynamic and static, members, live counts, snapshots, validation and isolation. */
interface SegmentScenarios extends ContactServiceHarness {

  default Map<String, Object> createSegment(String apiKey, Map<String, Object> body) {
    return send(HttpMethod.POST, apiKey, "/v1/segments", body).expectStatus().isCreated()
        .expectBody(JSON).returnResult().getResponseBody();
  }

  default long count(String apiKey, Object segmentId) {
    return ((Number) okJson(send(HttpMethod.GET, apiKey, "/v1/segments/" + segmentId + "/count", null))
        .get("count")).longValue();
  }

  default List<String> members(String apiKey, Object segmentId, int pageSize) {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    do {
      Map<String, Object> page = okJson(send(HttpMethod.GET, apiKey, "/v1/segments/" + segmentId + "/contacts?pageSize="
          + pageSize + (cursor == null ? "" : "&cursor=" + cursor), null));
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
      items.forEach(item -> ids.add(item.get("id").toString()));
      cursor = (String) page.get("nextCursor");
    } while (cursor != null);
    return ids;
  }

  @Test
  default void shouldKeepADynamicSegmentLiveAndPageItsMembers() {
    Ws ws = freshWorkspace();
    List<String> vips = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      vips.add(contactId(ws.key(), Map.of("phone", randomPhone(), "tags", List.of("vip"))));
    }
    contactId(ws.key(), Map.of("phone", randomPhone(), "tags", List.of("other")));
    Map<String, Object> segment = createSegment(ws.key(), Map.of("name", "VIPs", "type", "DYNAMIC",
        "filter", condition("tags", "eq", "vip")));

    assertThat(segment).containsEntry("type", "DYNAMIC").containsEntry("name", "VIPs");
    assertThat(count(ws.key(), segment.get("id"))).isEqualTo(3);
    assertThat(members(ws.key(), segment.get("id"), 2)).containsExactlyElementsOf(vips);
    String late = contactId(ws.key(), Map.of("phone", randomPhone(), "tags", List.of("vip")));
    send(HttpMethod.DELETE, ws.key(), "/v1/contacts/" + vips.get(0), null).expectStatus().isNoContent();
    assertThat(count(ws.key(), segment.get("id"))).isEqualTo(3);
    assertThat(members(ws.key(), segment.get("id"), 2)).containsExactly(vips.get(1), vips.get(2), late);
  }

  @Test
  default void shouldListStaticMembersInOrderLeavingArchivedAndErasedOut() {
    Ws ws = freshWorkspace();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(contactId(ws.key(), Map.of("phone", randomPhone())));
    }
    Map<String, Object> segment = createSegment(ws.key(), Map.of("name", "Hand picked", "type", "STATIC",
        "contactIds", List.of(ids.get(3), ids.get(1), ids.get(0), ids.get(2), ids.get(1))));
    assertThat(segment).containsEntry("memberCount", 4);

    send(HttpMethod.DELETE, ws.key(), "/v1/contacts/" + ids.get(1), null).expectStatus().isNoContent();
    send(HttpMethod.DELETE, ws.key(), "/v1/contacts/" + ids.get(0) + "?erase=true", null).expectStatus().isNoContent();

    assertThat(members(ws.key(), segment.get("id"), 1)).containsExactly(ids.get(3), ids.get(2));
    assertThat(count(ws.key(), segment.get("id"))).isEqualTo(2);
  }

  @Test
  default void shouldFreezeADynamicSegmentIntoAStaticSnapshot() {
    Ws ws = freshWorkspace();
    String first = contactId(ws.key(), Map.of("phone", randomPhone(), "company", "Launch Co"));
    String second = contactId(ws.key(), Map.of("phone", randomPhone(), "company", "Launch Co"));
    Map<String, Object> dynamic = createSegment(ws.key(), Map.of("name", "Launch", "type", "DYNAMIC",
        "filter", condition("company", "eq", "launch co")));

    Map<String, Object> snapshot = okJson(send(HttpMethod.POST, ws.key(), "/v1/segments/" + dynamic.get("id")
        + "/snapshot", Map.of("name", "Launch 2026-11-26")));
    contactId(ws.key(), Map.of("phone", randomPhone(), "company", "Launch Co"));

    assertThat(snapshot).containsEntry("type", "STATIC").containsEntry("snapshotOf", dynamic.get("id"))
        .containsEntry("memberCount", 2).containsEntry("name", "Launch 2026-11-26");
    assertThat(members(ws.key(), snapshot.get("id"), 50)).containsExactly(first, second);
    assertThat(count(ws.key(), dynamic.get("id"))).isEqualTo(3);
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/segments/" + snapshot.get("id") + "/snapshot", Map.of()),
        422, "type");
  }

  @Test
  default void shouldValidateTheDefinitionOnSave() {
    Ws ws = freshWorkspace();
    String contact = contactId(ws.key(), Map.of("phone", randomPhone()));
    String foreign = contactId(B, Map.of("phone", randomPhone()));

    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/segments", Map.of("name", "Bad", "type", "DYNAMIC",
        "filter", condition("cf:nope", "eq", "x"))), 400, "filter.field");
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/segments", Map.of("type", "DYNAMIC")), 422, "name");
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/segments", Map.of("name", "x", "type", "MAGIC")), 422, "type");
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/segments", Map.of("name", "x", "type", "STATIC",
        "contactIds", List.of(contact, foreign))), 422, "contactIds").jsonPath("$.detail")
        .value(d -> assertThat(d.toString()).contains(foreign).doesNotContain(contact));
    Map<String, Object> dynamic = createSegment(ws.key(), Map.of("name", "Ok", "type", "DYNAMIC"));
    expectProblem(send(HttpMethod.PATCH, ws.key(), "/v1/segments/" + dynamic.get("id"), Map.of("type", "STATIC")),
        422, "type");
    expectProblem(send(HttpMethod.PATCH, ws.key(), "/v1/segments/" + dynamic.get("id"),
        Map.of("filter", condition("firstName", "gt", "a"))), 400, "filter.op");
    send(HttpMethod.PATCH, ws.key(), "/v1/segments/" + dynamic.get("id"), Map.of("name", "Renamed",
        "search", "ada")).expectStatus().isOk().expectBody().jsonPath("$.name").isEqualTo("Renamed")
        .jsonPath("$.search").isEqualTo("ada");
  }

  @Test
  default void shouldHideAnotherWorkspacesSegments() {
    Ws mine = freshWorkspace();
    Ws theirs = freshWorkspace();
    Object id = createSegment(mine.key(), Map.of("name", "Mine", "type", "DYNAMIC")).get("id");

    for (String path : List.of("", "/contacts", "/count")) {
      send(HttpMethod.GET, theirs.key(), "/v1/segments/" + id + path, null).expectStatus().isNotFound();
    }
    send(HttpMethod.POST, theirs.key(), "/v1/segments/" + id + "/snapshot", Map.of()).expectStatus().isNotFound();
    send(HttpMethod.PATCH, theirs.key(), "/v1/segments/" + id, Map.of("name", "Stolen")).expectStatus().isNotFound();
    send(HttpMethod.DELETE, theirs.key(), "/v1/segments/" + id, null).expectStatus().isNotFound();
    send(HttpMethod.GET, theirs.key(), "/v1/segments", null).expectStatus().isOk()
        .expectBody().jsonPath("$.items.length()").isEqualTo(0);
    send(HttpMethod.GET, mine.key(), "/v1/segments/" + id, null).expectStatus().isOk();
  }
}
