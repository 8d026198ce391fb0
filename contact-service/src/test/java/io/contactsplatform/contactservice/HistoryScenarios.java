package io.contactsplatform.contactservice;

import static io.contactsplatform.contactservice.ContactServiceHarness.freshWorkspace;
import static io.contactsplatform.contactservice.ContactServiceHarness.randomPhone;
import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.events.contact.result.UpsertOutcome;
import io.contactsplatform.events.contact.upsert.ContactData;
import io.contactsplatform.events.contact.upsert.ContactUpsert;
import io.contactsplatform.events.contact.upsert.DuplicatePolicy;
import io.contactsplatform.schemas.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** The per-contact history: what each write path records, paging, isolation, erasure, no doubles. */
interface HistoryScenarios extends BulkScenarios {

  default Map<String, Object> history(String apiKey, String contactId, String query) {
    return okJson(send(HttpMethod.GET, apiKey, "/v1/contacts/" + contactId + "/history" + query, null));
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> items(Map<String, Object> page) {
    return (List<Map<String, Object>>) page.get("items");
  }

  static ContactUpsert importRow(String workspace, String phone, String importId, long row, String lastName) {
    return ContactUpsert.newBuilder().setEventId(UUID.randomUUID()).setWorkspaceId(workspace)
        .setOccurredAt(Instant.now()).setSource("import-service").setImportId(importId).setRowNumber(row)
        .setDuplicatePolicy(DuplicatePolicy.MERGE)
        .setContact(ContactData.newBuilder().setPhoneE164(phone).setLastName(lastName).build()).build();
  }

  @Test
  default void historyListsApiPatchImportAndBulkChangesNewestFirstPagesAndIsGoneWithErasure() {
    Ws ws = freshWorkspace();
    String phone = randomPhone();
    String id = contactId(ws.key(), Map.of("phone", phone, "firstName", "Ada"));
    okJson(send(HttpMethod.PATCH, ws.key(), "/v1/contacts/" + id, Map.of("firstName", "Ada K.")));
    ContactUpsert row = importRow(ws.id(), phone, "imp-history", 12, "Lovelace");
    bus().send(Topics.CONTACT_UPSERTS, ContactServiceHarness.key(row), row);
    assertThat(resultFor(row).getOutcome()).isEqualTo(UpsertOutcome.UPDATED);
    Object jobId = submitBulk(ws.key(), Map.of("action", "ADD_TAGS", "selection", Map.of("ids", List.of(id)),
        "params", Map.of("tags", List.of("vip")), "actor", "free text, ignored")).get("id");
    assertThat(awaitJob(ws.key(), jobId)).containsEntry("changed", 1);

    Map<String, Object> all = history(ws.key(), id, "");

    List<Map<String, Object>> items = items(all);
    assertThat(items).extracting(i -> i.get("version")).containsExactly(4, 3, 2, 1);
    assertThat(all.get("nextCursor")).isNull();
    assertThat(items.get(0)).containsEntry("operation", "UPDATED").containsEntry("actor", ws.keyName())
        .containsEntry("source", Map.of("kind", "BULK", "bulkJobId", jobId))
        .containsEntry("changes", List.of(change("tags", null, List.of("vip"))));
    assertThat(items.get(1)).containsEntry("operation", "UPDATED").containsEntry("actor", "import-service")
        .containsEntry("source", Map.of("kind", "IMPORT", "importId", "imp-history", "row", 12))
        .containsEntry("changes", List.of(change("lastName", null, "Lovelace")));
    assertThat(items.get(2)).containsEntry("operation", "UPDATED").containsEntry("actor", ws.keyName())
        .containsEntry("source", Map.of("kind", "API"))
        .containsEntry("changes", List.of(change("firstName", "Ada", "Ada K.")));
    assertThat(items.get(3)).containsEntry("operation", "CREATED").containsEntry("source", Map.of("kind", "API"));
    assertThat(changedFields(items.get(3))).contains("phone", "firstName", "status");
    assertThat(items.get(3).get("occurredAt")).isNotNull();

    Map<String, Object> first = history(ws.key(), id, "?pageSize=2");
    assertThat(items(first)).extracting(i -> i.get("version")).containsExactly(4, 3);
    assertThat(first.get("nextCursor")).isNotNull();
    Map<String, Object> rest = history(ws.key(), id, "?pageSize=2&cursor=" + first.get("nextCursor"));
    assertThat(items(rest)).extracting(i -> i.get("version")).containsExactly(2, 1);
    assertThat(rest.get("nextCursor")).isNull();

    Ws other = freshWorkspace();
    expectProblem(send(HttpMethod.GET, other.key(), "/v1/contacts/" + id + "/history", null), 404, "contact");
    expectProblem(send(HttpMethod.GET, ws.key(), "/v1/contacts/" + id + "/history?cursor=bm90LWEtdmVyc2lvbg", null),
        400, "cursor");
    expectProblem(send(HttpMethod.GET, ws.key(), "/v1/contacts/" + id + "/history?pageSize=0", null), 400, "pageSize");

    send(HttpMethod.DELETE, ws.key(), "/v1/contacts/" + id + "?erase=true", null).expectStatus().isNoContent();

    List<Map<String, Object>> afterErasure = items(history(ws.key(), id, ""));
    assertThat(afterErasure).singleElement().satisfies(entry -> {
      assertThat(entry).containsEntry("version", 5).containsEntry("operation", "ERASED")
          .containsEntry("changes", List.of());
    });
  }

  /** A changed field as the API shows it ({@code before} and {@code after} are always present). */
  static Map<String, Object> change(String field, Object before, Object after) {
    Map<String, Object> change = new java.util.HashMap<>();
    change.put("field", field);
    change.put("before", before);
    change.put("after", after);
    return change;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> changedFields(Map<String, Object> item) {
    return ((List<Map<String, Object>>) item.get("changes")).stream().map(c -> c.get("field")).toList();
  }

  @Test
  default void redeliveredUpsertAfterAFailedPublishLeavesOneHistoryEntry() {
    Ws ws = freshWorkspace();
    ContactUpsert row = ContactServiceHarness.upsert(ws.id(), randomPhone(), FlakyPublisherConfiguration.FAIL_ONCE
        + "-history-" + UUID.randomUUID());
    bus().send(Topics.CONTACT_UPSERTS, ContactServiceHarness.key(row), row);
    String id = resultFor(row).getContactId();

    List<Map<String, Object>> items = items(history(ws.key(), id, ""));

    assertThat(items).singleElement().satisfies(entry -> assertThat(entry).containsEntry("version", 1)
        .containsEntry("operation", "CREATED")
        .containsEntry("source", Map.of("kind", "IMPORT", "importId", "import-1", "row", 7)));
  }

  @Test
  default void apiCreateWhosePublishFailedIsRecordedOnceWhenTheOutboxRepublishes() {
    Ws ws = freshWorkspace();
    String name = FlakyPublisherConfiguration.FAIL_ONCE + "-history-api-" + UUID.randomUUID();
    send(HttpMethod.POST, ws.key(), "/v1/contacts", Map.of("phone", randomPhone(), "firstName", name))
        .expectStatus().is5xxServerError();
    ContactChange republished = bus().read(Topics.CONTACT_CHANGES, 1,
        c -> c.getContact() != null && name.equals(c.getContact().getFirstName())).get(0);

    List<Map<String, Object>> items = items(history(ws.key(), republished.getContactId(), ""));

    assertThat(items).singleElement().satisfies(entry -> assertThat(entry).containsEntry("operation", "CREATED")
        .containsEntry("version", 1));
  }
}
