package io.contactsplatform.contactservice;

import static io.contactsplatform.contactservice.ContactServiceHarness.condition;
import static io.contactsplatform.contactservice.ContactServiceHarness.freshWorkspace;
import static io.contactsplatform.contactservice.ContactServiceHarness.randomPhone;
import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.events.dnc.command.DncAction;
import io.contactsplatform.events.dnc.command.DncCommand;
import io.contactsplatform.events.dnc.command.DncScope;
import io.contactsplatform.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** Bulk actions: selections, every action, counts, DNC commands, validation and isolation. */
interface BulkScenarios extends ContactServiceHarness {

  default Map<String, Object> submitBulk(String apiKey, Map<String, Object> request) {
    return send(HttpMethod.POST, apiKey, "/v1/contacts/bulk", request).expectStatus().isAccepted()
        .expectBody(JSON).returnResult().getResponseBody();
  }

  default Map<String, Object> awaitJob(String apiKey, Object jobId) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      Map<String, Object> job = okJson(send(HttpMethod.GET, apiKey, "/v1/contacts/bulk/" + jobId, null));
      if ("COMPLETED".equals(job.get("status")) || "FAILED".equals(job.get("status"))) {
        return job;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("bulk job " + jobId + " still " + job.get("status"));
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Test
  default void shouldTagTheContactsAFilterMatchedWhenTheJobStartedAndReportCounts() {
    Ws ws = freshWorkspace();
    List<String> matched = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      matched.add(contactId(ws.key(), Map.of("phone", randomPhone(), "company", "Bulk Co", "tags",
          i == 0 ? List.of("called") : List.of())));
    }
    String other = contactId(ws.key(), Map.of("phone", randomPhone(), "company", "Elsewhere"));

    Map<String, Object> accepted = submitBulk(ws.key(), Map.of("action", "ADD_TAGS",
        "selection", Map.of("filter", condition("company", "eq", "bulk co")), "params", Map.of("tags", List.of("called"))));

    assertThat(accepted).containsEntry("status", "QUEUED").containsKey("id");
    @SuppressWarnings("unchecked")
    Map<String, Object> selection = (Map<String, Object>) accepted.get("selection");
    assertThat(selection.get("note").toString()).contains("matched when the job starts");
    Map<String, Object> done = awaitJob(ws.key(), accepted.get("id"));
    assertThat(done).containsEntry("status", "COMPLETED").containsEntry("matched", 3).containsEntry("processed", 3)
        .containsEntry("changed", 2).containsEntry("unchanged", 1).containsEntry("failed", 0);
    for (String id : matched) {
      getContact(ws.key(), id).jsonPath("$.tags[?(@ == 'called')]").exists();
    }
    getContact(ws.key(), other).jsonPath("$.tags.length()").isEqualTo(0);

    Map<String, Object> removal = awaitJob(ws.key(), submitBulk(ws.key(), Map.of("action", "REMOVE_TAGS",
        "selection", Map.of("ids", List.of(matched.get(0), other)), "params", Map.of("tags", List.of("called"))))
        .get("id"));
    assertThat(removal).containsEntry("changed", 1).containsEntry("unchanged", 1);
    getContact(ws.key(), matched.get(0)).jsonPath("$.tags.length()").isEqualTo(0);
  }

  @Test
  default void shouldSetFieldsArchiveAndEraseInBulk() {
    Ws ws = freshWorkspace();
    createField(ws.key(), Map.of("key", "stage", "type", "ENUM", "allowedValues", List.of("new", "won"), "owner", "ops"));
    String a = contactId(ws.key(), Map.of("phone", randomPhone(), "firstName", "A"));
    String b = contactId(ws.key(), Map.of("phone", randomPhone(), "firstName", "B"));
    Map<String, Object> segment = okJson(send(HttpMethod.POST, ws.key(), "/v1/segments",
        Map.of("name", "Only B", "type", "STATIC", "contactIds", List.of(b))));

    awaitJob(ws.key(), submitBulk(ws.key(), Map.of("action", "SET_FIELDS", "selection", Map.of("ids", List.of(a, b)),
        "params", Map.of("fields", Map.of("company", "Set Co", "cf:stage", "WON")))).get("id"));
    getContact(ws.key(), a).jsonPath("$.company").isEqualTo("Set Co").jsonPath("$.customFields.stage").isEqualTo("won")
        .jsonPath("$.version").isEqualTo(2);

    awaitJob(ws.key(), submitBulk(ws.key(), Map.of("action", "ARCHIVE",
        "selection", Map.of("segmentId", segment.get("id")))).get("id"));
    getContact(ws.key(), b).jsonPath("$.status").isEqualTo("ARCHIVED");
    getContact(ws.key(), a).jsonPath("$.status").isEqualTo("ACTIVE");

    Map<String, Object> erased = awaitJob(ws.key(), submitBulk(ws.key(), Map.of("action", "ERASE",
        "selection", Map.of("ids", List.of(a, java.util.UUID.randomUUID().toString())))).get("id"));
    assertThat(erased).containsEntry("changed", 1).containsEntry("skipped", 1);
    getContact(ws.key(), a).jsonPath("$.status").isEqualTo("ERASED").jsonPath("$.phone").doesNotExist();
  }

  @Test
  default void shouldPublishDncCommandsWithActorAndReasonAndRequireAReasonToRemove() {
    Ws ws = freshWorkspace();
    String phone = randomPhone();
    String id = contactId(ws.key(), Map.of("phone", phone));

    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/contacts/bulk", Map.of("action", "REMOVE_FROM_DNC",
        "selection", Map.of("ids", List.of(id)))), 422, "params.reason");
    Object jobId = submitBulk(ws.key(), Map.of("action", "ADD_TO_DNC", "actor", "alice@acme",
        "selection", Map.of("ids", List.of(id)), "params", Map.of("reason", "asked by phone", "scope", "CAMPAIGN",
            "campaignId", "spring-promo"))).get("id");
    assertThat(awaitJob(ws.key(), jobId)).containsEntry("changed", 1);
    awaitJob(ws.key(), submitBulk(ws.key(), Map.of("action", "REMOVE_FROM_DNC", "actor", "bob@acme",
        "selection", Map.of("ids", List.of(id)), "params", Map.of("reason", "consent given", "override", true))).get("id"));

    List<DncCommand> commands = bus().read(Topics.DNC_COMMANDS, 2, c -> c.getPhone().equals(phone)
        && c.getWorkspaceId().equals(ws.id()));
    assertThat(commands.get(0).getAction()).isEqualTo(DncAction.ADD);
    assertThat(commands.get(0).getActor()).as("the key's name, not the request's actor").isEqualTo(ws.keyName());
    assertThat(commands.get(0).getReason()).isEqualTo("asked by phone");
    assertThat(commands.get(0).getScope()).isEqualTo(DncScope.CAMPAIGN);
    assertThat(commands.get(0).getCampaignId()).isEqualTo("spring-promo");
    assertThat(commands.get(0).getSource()).isEqualTo("contact-service");
    assertThat(commands.get(1).getAction()).isEqualTo(DncAction.REMOVE);
    assertThat(commands.get(1).getReason()).isEqualTo("consent given");
    assertThat(commands.get(1).getOverride()).isTrue();
  }

  @Test
  default void shouldRefuseInvalidBulkRequestsNamingTheProblem() {
    Ws ws = freshWorkspace();
    String id = contactId(ws.key(), Map.of("phone", randomPhone()));

    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/contacts/bulk", Map.of("action", "PAINT",
        "selection", Map.of("ids", List.of(id)))), 400, "action");
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/contacts/bulk", Map.of("action", "ARCHIVE",
        "selection", Map.of("ids", List.of(id), "segmentId", "x"))), 400, "selection");
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/contacts/bulk", Map.of("action", "ARCHIVE",
        "selection", Map.of("filter", condition("nope", "eq", "x")))), 400, "selection.filter.field");
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/contacts/bulk", Map.of("action", "ADD_TAGS",
        "selection", Map.of("ids", List.of(id)), "params", Map.of("tags", List.of()))), 422, "params.tags");
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/contacts/bulk", Map.of("action", "SET_FIELDS",
        "selection", Map.of("ids", List.of(id)), "params", Map.of("fields", Map.of("phone", "123")))), 400,
        "params.fields.phone");
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/contacts/bulk", Map.of("action", "SET_FIELDS",
        "selection", Map.of("ids", List.of(id)), "params", Map.of("fields", Map.of("email", "bad")))), 422,
        "params.fields.email");
  }

  @Test
  default void shouldNeverTouchAnotherWorkspacesContactsOrJobs() {
    Ws mine = freshWorkspace();
    Ws theirs = freshWorkspace();
    String theirContact = contactId(theirs.key(), Map.of("phone", randomPhone(), "firstName", "Theirs"));
    Object theirSegment = okJson(send(HttpMethod.POST, theirs.key(), "/v1/segments",
        Map.of("name", "Theirs", "type", "DYNAMIC"))).get("id");

    Map<String, Object> job = awaitJob(mine.key(), submitBulk(mine.key(), Map.of("action", "ERASE",
        "selection", Map.of("ids", List.of(theirContact)))).get("id"));

    assertThat(job).containsEntry("skipped", 1).containsEntry("changed", 0);
    getContact(theirs.key(), theirContact).jsonPath("$.firstName").isEqualTo("Theirs");
    send(HttpMethod.GET, theirs.key(), "/v1/contacts/bulk/" + job.get("id"), null).expectStatus().isNotFound();
    expectProblem(send(HttpMethod.POST, mine.key(), "/v1/contacts/bulk", Map.of("action", "ARCHIVE",
        "selection", Map.of("segmentId", theirSegment))), 422, "selection.segmentId");
  }
}
