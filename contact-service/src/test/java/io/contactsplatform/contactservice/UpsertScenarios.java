package io.contactsplatform.contactservice;

import static io.contactsplatform.contactservice.ContactServiceHarness.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.events.contact.result.ContactUpsertResult;
import io.contactsplatform.events.contact.result.UpsertOutcome;
import io.contactsplatform.events.contact.upsert.ContactUpsert;
import io.contactsplatform.events.contact.upsert.DuplicatePolicy;
import io.contactsplatform.schemas.Topics;
import io.contactsplatform.testsupport.TestWorkspaces;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Applying contact-upserts: dedupe, idempotence, no lost changes, batching, dead letters. */
interface UpsertScenarios extends ContactServiceHarness {

  @Test
  default void shouldCreateContactFromUpsertAndAnswerWithResultAndFullState() {
    ContactUpsert upsert = upsert(TestWorkspaces.WORKSPACE_A, randomPhone(), "Ada");

    bus().send(Topics.CONTACT_UPSERTS, key(upsert), upsert);

    ContactUpsertResult result = resultFor(upsert);
    assertThat(result.getOutcome()).isEqualTo(UpsertOutcome.CREATED);
    assertThat(result.getRowNumber()).isEqualTo(7L);
    ContactChange change = changesOf(result.getContactId(), 1).get(0);
    assertThat(change.getVersion()).isEqualTo(1);
    assertThat(change.getContact().getFirstName()).isEqualTo("Ada");
    assertThat(change.getContact().getPhoneE164()).isEqualTo(upsert.getContact().getPhoneE164());
  }

  @Test
  default void shouldAnswerRedeliveredUpsertWithOriginalOutcomeAndNoNewVersion() {
    ContactUpsert upsert = upsert(TestWorkspaces.WORKSPACE_A, randomPhone(), "Grace");

    bus().send(Topics.CONTACT_UPSERTS, key(upsert), upsert);
    bus().send(Topics.CONTACT_UPSERTS, key(upsert), upsert);

    List<ContactUpsertResult> results = bus().read(Topics.CONTACT_UPSERT_RESULTS, 2,
        r -> r.getUpsertEventId().equals(upsert.getEventId()));
    assertThat(results).extracting(ContactUpsertResult::getOutcome)
        .containsExactly(UpsertOutcome.CREATED, UpsertOutcome.CREATED);
    String contactId = results.get(0).getContactId();
    assertThat(results.get(1).getContactId()).isEqualTo(contactId);
    getContact(A, contactId).jsonPath("$.version").isEqualTo(1);
  }

  @Test
  default void shouldStillPublishContactChangeWhenPublishFailedOnceAfterTheWrite() {
    ContactUpsert upsert = upsert(TestWorkspaces.WORKSPACE_A, randomPhone(), FlakyPublisherConfiguration.FAIL_ONCE);

    bus().send(Topics.CONTACT_UPSERTS, key(upsert), upsert);

    ContactUpsertResult result = resultFor(upsert);
    assertThat(result.getOutcome()).isEqualTo(UpsertOutcome.CREATED);
    ContactChange change = changesOf(result.getContactId(), 1).get(0);
    assertThat(change.getVersion()).isEqualTo(1);
    assertThat(change.getContact().getFirstName()).isEqualTo(FlakyPublisherConfiguration.FAIL_ONCE);
  }

  @Test
  default void shouldMergeSecondUpsertForSameNumberIntoExistingContact() {
    String phone = randomPhone();
    ContactUpsert first = upsert(TestWorkspaces.WORKSPACE_A, phone, "Alan");
    ContactUpsert second = upsert(TestWorkspaces.WORKSPACE_A, phone, "Ignored");
    second.getContact().setCompany("Bletchley");

    bus().send(Topics.CONTACT_UPSERTS, key(first), first);
    bus().send(Topics.CONTACT_UPSERTS, key(second), second);

    ContactUpsertResult created = resultFor(first);
    ContactUpsertResult updated = resultFor(second);
    assertThat(updated.getOutcome()).isEqualTo(UpsertOutcome.UPDATED);
    assertAnsweredExactlyOnce(second);
    assertThat(updated.getContactId()).isEqualTo(created.getContactId());
    getContact(A, created.getContactId())
        .jsonPath("$.firstName").isEqualTo("Alan")
        .jsonPath("$.company").isEqualTo("Bletchley")
        .jsonPath("$.version").isEqualTo(2);
  }

  @Test
  default void shouldMakeOneContactWithIncreasingVersionsFromManyUpsertsOfOneNumberInOneBatch() {
    String phone = randomPhone();
    List<ContactUpsert> upserts = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ContactUpsert u = upsert(TestWorkspaces.WORKSPACE_A, phone, "Batch");
      u.setDuplicatePolicy(DuplicatePolicy.OVERWRITE);
      u.getContact().setCompany("Company " + i);
      upserts.add(u);
    }

    upserts.forEach(u -> bus().send(Topics.CONTACT_UPSERTS, key(u), u));

    List<ContactUpsertResult> results = upserts.stream().map(u -> resultFor(u)).toList();
    assertThat(results).extracting(ContactUpsertResult::getContactId).containsOnly(results.get(0).getContactId());
    assertThat(results).extracting(ContactUpsertResult::getOutcome).containsExactly(UpsertOutcome.CREATED,
        UpsertOutcome.UPDATED, UpsertOutcome.UPDATED, UpsertOutcome.UPDATED, UpsertOutcome.UPDATED);
    assertThat(changesOf(results.get(0).getContactId(), 5)).extracting(ContactChange::getVersion)
        .containsExactly(1L, 2L, 3L, 4L, 5L);
    getContact(A, results.get(0).getContactId()).jsonPath("$.company").isEqualTo("Company 4");
  }

  @Test
  default void shouldMatchUpsertByExternalIdWhenTheNumberIsNew() {
    String externalId = "crm-" + UUID.randomUUID();
    ContactUpsert first = upsert(TestWorkspaces.WORKSPACE_A, randomPhone(), "Ext");
    first.getContact().setExternalId(externalId);
    ContactUpsert second = upsert(TestWorkspaces.WORKSPACE_A, randomPhone(), null);
    second.getContact().setExternalId(externalId);
    second.getContact().setCompany("Known by CRM id");

    bus().send(Topics.CONTACT_UPSERTS, key(first), first);
    ContactUpsertResult created = resultFor(first);
    bus().send(Topics.CONTACT_UPSERTS, key(second), second);

    ContactUpsertResult updated = resultFor(second);
    assertThat(updated.getContactId()).isEqualTo(created.getContactId());
    assertThat(updated.getOutcome()).isEqualTo(UpsertOutcome.UPDATED);
  }

  @Test
  default void shouldRejectUpsertWhoseCustomFieldValueDoesNotFitNamingTheField() {
    Ws ws = freshWorkspace();
    createField(ws.key(), Map.of("key", "score", "type", "NUMBER", "owner", "sales-ops"));
    ContactUpsert bad = upsert(ws.id(), randomPhone(), "Bad");
    bad.getContact().setCustomFields(Map.of("score", "lots"));
    ContactUpsert good = upsert(ws.id(), randomPhone(), "Good");
    good.getContact().setCustomFields(Map.of("score", "42"));

    bus().send(Topics.CONTACT_UPSERTS, key(bad), bad);
    bus().send(Topics.CONTACT_UPSERTS, key(good), good);

    ContactUpsertResult rejected = resultFor(bad);
    assertThat(rejected.getOutcome()).isEqualTo(UpsertOutcome.REJECTED);
    assertThat(rejected.getReasonCode()).isEqualTo("INVALID_CUSTOM_FIELD");
    assertThat(rejected.getReason()).startsWith("cf:score");
    ContactUpsertResult created = resultFor(good);
    getContact(ws.key(), created.getContactId()).jsonPath("$.customFields.score").isEqualTo(42);
  }

  @Test
  default void shouldDeadLetterGarbageAndStillProcessNextRecordOnSamePartition() {
    ContactUpsert good = upsert(TestWorkspaces.WORKSPACE_A, randomPhone(), "Next");
    byte[] garbage = ("garbage-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);

    bus().sendRaw(Topics.CONTACT_UPSERTS.name(), key(good), garbage);
    bus().send(Topics.CONTACT_UPSERTS, key(good), good);

    ConsumerRecord<String, byte[]> dead = bus().readRaw(Topics.CONTACT_UPSERTS.deadLetter(), 1,
        r -> java.util.Arrays.equals(r.value(), garbage)).get(0);
    assertThat(header(dead, "dlt-reason")).contains("ContactUpsert");
    assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo("contact-upserts");
    assertThat(resultFor(good).getOutcome()).isEqualTo(UpsertOutcome.CREATED);
  }

  @Test
  default void shouldDeadLetterEventWithoutWorkspace() {
    ContactUpsert noWorkspace = upsert("", randomPhone(), "Nobody");

    bus().send(Topics.CONTACT_UPSERTS, "no-workspace", noWorkspace);

    ConsumerRecord<String, byte[]> dead = bus().readRaw(Topics.CONTACT_UPSERTS.deadLetter(), 1,
        r -> "no-workspace".equals(r.key())).get(0);
    assertThat(header(dead, "dlt-reason")).contains("no workspaceId");
  }

  @Test
  default void shouldExposeDeadLetterCountAndConsumerLagAsPrometheusMetrics() {
    ContactUpsert good = upsert(TestWorkspaces.WORKSPACE_A, randomPhone(), "Metric");
    bus().sendRaw(Topics.CONTACT_UPSERTS.name(), key(good), new byte[] {1, 2, 3});
    bus().send(Topics.CONTACT_UPSERTS, key(good), good);
    resultFor(good);

    String metrics = management().get().uri("/actuator/prometheus")
        .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();

    assertThat(metrics).contains("platform_kafka_dead_letters_total{").contains("topic=\"contact-upserts\"");
    assertThat(metrics).contains("kafka_consumer_fetch_manager_records_lag");
  }
}
