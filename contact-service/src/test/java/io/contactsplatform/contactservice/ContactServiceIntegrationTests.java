package io.contactsplatform.contactservice;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.events.contact.result.ContactUpsertResult;
import io.contactsplatform.events.contact.result.UpsertOutcome;
import io.contactsplatform.events.contact.upsert.ContactData;
import io.contactsplatform.events.contact.upsert.ContactUpsert;
import io.contactsplatform.events.contact.upsert.DuplicatePolicy;
import io.contactsplatform.schemas.Topics;
import io.contactsplatform.testsupport.EventBusClient;
import io.contactsplatform.testsupport.TestWorkspaces;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * contact-service against a real broker and a MongoDB-protocol store; subclasses choose the
 * infrastructure (embedded, or real images through Testcontainers).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@Import(FlakyPublisherConfiguration.class)
abstract class ContactServiceIntegrationTests {

  @Autowired
  WebTestClient http;

  @Value("${spring.kafka.bootstrap-servers}")
  String bootstrapServers;

  EventBusClient bus;

  @BeforeEach
  void connect() {
    bus = new EventBusClient(bootstrapServers);
  }

  @AfterEach
  void disconnect() {
    bus.close();
  }

  @Test
  void shouldCreateContactFromUpsertAndAnswerWithResultAndFullState() {
    ContactUpsert upsert = upsert(TestWorkspaces.WORKSPACE_A, randomPhone(), "Ada");

    bus.send(Topics.CONTACT_UPSERTS, key(upsert), upsert);

    ContactUpsertResult result = resultFor(upsert);
    assertThat(result.getOutcome()).isEqualTo(UpsertOutcome.CREATED);
    assertThat(result.getRowNumber()).isEqualTo(7L);
    ContactChange change = bus.read(Topics.CONTACT_CHANGES, 1,
        c -> c.getContactId().equals(result.getContactId())).get(0);
    assertThat(change.getVersion()).isEqualTo(1);
    assertThat(change.getContact().getFirstName()).isEqualTo("Ada");
    assertThat(change.getContact().getPhoneE164()).isEqualTo(upsert.getContact().getPhoneE164());
  }

  @Test
  void shouldAnswerRedeliveredUpsertWithOriginalOutcomeAndNoNewVersion() {
    ContactUpsert upsert = upsert(TestWorkspaces.WORKSPACE_A, randomPhone(), "Grace");

    bus.send(Topics.CONTACT_UPSERTS, key(upsert), upsert);
    bus.send(Topics.CONTACT_UPSERTS, key(upsert), upsert);

    List<ContactUpsertResult> results = bus.read(Topics.CONTACT_UPSERT_RESULTS, 2,
        r -> r.getUpsertEventId().equals(upsert.getEventId()));
    assertThat(results).extracting(ContactUpsertResult::getOutcome)
        .containsExactly(UpsertOutcome.CREATED, UpsertOutcome.CREATED);
    String contactId = results.get(0).getContactId();
    assertThat(results.get(1).getContactId()).isEqualTo(contactId);
    http.get().uri("/v1/contacts/{id}", contactId).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk().expectBody().jsonPath("$.version").isEqualTo(1);
  }

  @Test
  void shouldStillPublishContactChangeWhenPublishFailedOnceAfterTheWrite() {
    ContactUpsert upsert = upsert(TestWorkspaces.WORKSPACE_A, randomPhone(), FlakyPublisherConfiguration.FAIL_ONCE);

    bus.send(Topics.CONTACT_UPSERTS, key(upsert), upsert);

    ContactUpsertResult result = resultFor(upsert);
    assertThat(result.getOutcome()).isEqualTo(UpsertOutcome.CREATED);
    ContactChange change = bus.read(Topics.CONTACT_CHANGES, 1,
        c -> c.getContactId().equals(result.getContactId())).get(0);
    assertThat(change.getVersion()).isEqualTo(1);
    assertThat(change.getContact().getFirstName()).isEqualTo(FlakyPublisherConfiguration.FAIL_ONCE);
  }

  @Test
  void shouldMergeSecondUpsertForSameNumberIntoExistingContact() {
    String phone = randomPhone();
    ContactUpsert first = upsert(TestWorkspaces.WORKSPACE_A, phone, "Alan");
    ContactUpsert second = upsert(TestWorkspaces.WORKSPACE_A, phone, "Ignored");
    second.getContact().setCompany("Bletchley");

    bus.send(Topics.CONTACT_UPSERTS, key(first), first);
    bus.send(Topics.CONTACT_UPSERTS, key(second), second);

    ContactUpsertResult created = resultFor(first);
    ContactUpsertResult updated = resultFor(second);
    assertThat(updated.getOutcome()).isEqualTo(UpsertOutcome.UPDATED);
    assertAnsweredExactlyOnce(second);
    assertThat(updated.getContactId()).isEqualTo(created.getContactId());
    http.get().uri("/v1/contacts/{id}", created.getContactId())
        .header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.firstName").isEqualTo("Alan")
        .jsonPath("$.company").isEqualTo("Bletchley")
        .jsonPath("$.version").isEqualTo(2);
  }

  @Test
  void shouldDeadLetterGarbageAndStillProcessNextRecordOnSamePartition() {
    ContactUpsert good = upsert(TestWorkspaces.WORKSPACE_A, randomPhone(), "Next");
    byte[] garbage = ("garbage-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);

    bus.sendRaw(Topics.CONTACT_UPSERTS.name(), key(good), garbage);
    bus.send(Topics.CONTACT_UPSERTS, key(good), good);

    ConsumerRecord<String, byte[]> dead = bus.readRaw(Topics.CONTACT_UPSERTS.deadLetter(), 1,
        r -> java.util.Arrays.equals(r.value(), garbage)).get(0);
    assertThat(header(dead, "dlt-reason")).contains("ContactUpsert");
    assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo("contact-upserts");
    assertThat(resultFor(good).getOutcome()).isEqualTo(UpsertOutcome.CREATED);
  }

  @Test
  void shouldDeadLetterEventWithoutWorkspace() {
    ContactUpsert noWorkspace = upsert("", randomPhone(), "Nobody");

    bus.send(Topics.CONTACT_UPSERTS, "no-workspace", noWorkspace);

    ConsumerRecord<String, byte[]> dead = bus.readRaw(Topics.CONTACT_UPSERTS.deadLetter(), 1,
        r -> "no-workspace".equals(r.key())).get(0);
    assertThat(header(dead, "dlt-reason")).contains("no workspaceId");
  }

  @Test
  void shouldExposeDeadLetterCountAndConsumerLagAsPrometheusMetrics() {
    ContactUpsert good = upsert(TestWorkspaces.WORKSPACE_A, randomPhone(), "Metric");
    bus.sendRaw(Topics.CONTACT_UPSERTS.name(), key(good), new byte[] {1, 2, 3});
    bus.send(Topics.CONTACT_UPSERTS, key(good), good);
    resultFor(good);

    String metrics = http.get().uri("/actuator/prometheus").header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();

    assertThat(metrics).contains("platform_kafka_dead_letters_total{").contains("topic=\"contact-upserts\"");
    assertThat(metrics).contains("kafka_consumer_fetch_manager_records_lag");
  }

  @Test
  void shouldAnswer401ProblemWithoutOrWithUnknownKey() {
    http.get().uri("/v1/contacts").exchange()
        .expectStatus().isUnauthorized()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.status").isEqualTo(401);
    http.get().uri("/v1/contacts").header("Authorization", "Bearer not-a-key").exchange()
        .expectStatus().isUnauthorized();
    http.get().uri("/actuator/health").exchange().expectStatus().isOk();
  }

  @Test
  void shouldHideAnotherWorkspacesContactFromGetAndList() {
    String phone = randomPhone();
    String idInB = http.post().uri("/v1/contacts").header("Authorization", "Bearer " + TestWorkspaces.KEY_B)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("phone", phone, "firstName", "Secret"))
        .exchange().expectStatus().isCreated()
        .expectBody(Map.class).returnResult().getResponseBody().get("id").toString();

    http.get().uri("/v1/contacts/{id}", idInB).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isNotFound()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    http.get().uri("/v1/contacts?pageSize=500").header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk()
        .expectBody().jsonPath("$.items[?(@.id == '" + idInB + "')]").doesNotExist();
    http.get().uri("/v1/contacts?phone={p}", phone).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(0);
    http.get().uri("/v1/contacts/{id}", idInB).header("Authorization", "Bearer " + TestWorkspaces.KEY_B)
        .exchange().expectStatus().isOk().expectBody().jsonPath("$.firstName").isEqualTo("Secret");
  }

  @Test
  void shouldAnswer409WithExistingIdForDuplicateNumber() {
    String phone = randomPhone();
    String id = http.post().uri("/v1/contacts").header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("phone", phone))
        .exchange().expectStatus().isCreated()
        .expectBody(Map.class).returnResult().getResponseBody().get("id").toString();

    http.post().uri("/v1/contacts").header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("phone", phone))
        .exchange().expectStatus().isEqualTo(409)
        .expectBody().jsonPath("$.existingId").isEqualTo(id).jsonPath("$.detail").value(d ->
            assertThat(d.toString()).startsWith("phone"));
  }

  /**
   * Sends a marker upsert on the same key (same partition, so processed after {@code upsert}) and,
   * once it is answered, checks that {@code upsert} got exactly one answer.
   */
  private void assertAnsweredExactlyOnce(ContactUpsert upsert) {
    ContactUpsert marker = upsert(upsert.getWorkspaceId(), upsert.getContact().getPhoneE164(), "Marker");
    bus.send(Topics.CONTACT_UPSERTS, key(marker), marker);
    resultFor(marker);
    List<ContactUpsertResult> answers = bus.readAll(Topics.CONTACT_UPSERT_RESULTS,
        r -> r.getUpsertEventId().equals(upsert.getEventId()));
    assertThat(answers).hasSize(1);
  }

  private ContactUpsertResult resultFor(ContactUpsert upsert) {
    return bus.read(Topics.CONTACT_UPSERT_RESULTS, 1, r -> r.getUpsertEventId().equals(upsert.getEventId())).get(0);
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  static String key(ContactUpsert upsert) {
    return Topics.key(upsert.getWorkspaceId(), upsert.getContact().getPhoneE164());
  }

  /** A valid, random San Francisco number (exchange 2xx-8xx, never an N11 or 555 exchange). */
  static String randomPhone() {
    int exchange;
    do {
      exchange = 200 + ThreadLocalRandom.current().nextInt(700);
    } while (exchange % 100 == 11 || exchange == 555);
    return "+1415" + exchange + String.format("%04d", ThreadLocalRandom.current().nextInt(10000));
  }

  static ContactUpsert upsert(String workspace, String phone, String firstName) {
    return ContactUpsert.newBuilder()
        .setEventId(UUID.randomUUID())
        .setWorkspaceId(workspace)
        .setOccurredAt(Instant.now())
        .setSource("test")
        .setImportId("import-1")
        .setRowNumber(7L)
        .setDuplicatePolicy(DuplicatePolicy.MERGE)
        .setContact(ContactData.newBuilder().setPhoneE164(phone).setFirstName(firstName).build())
        .build();
  }
}
