package io.contactsplatform.contactservice;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.events.contact.result.ContactUpsertResult;
import io.contactsplatform.events.contact.upsert.ContactData;
import io.contactsplatform.events.contact.upsert.ContactUpsert;
import io.contactsplatform.events.contact.upsert.DuplicatePolicy;
import io.contactsplatform.schemas.Topics;
import io.contactsplatform.testsupport.EventBusClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What every scenario of {@link ContactServiceIntegrationTests} uses: the running service's HTTP
 * client and the event bus, request helpers, and test data. Scenario interfaces extend it so
 * they all run in one application context.
 */
interface ContactServiceHarness {

  String A = io.contactsplatform.testsupport.TestWorkspaces.KEY_A;
  String B = io.contactsplatform.testsupport.TestWorkspaces.KEY_B;
  int EXTRA_WORKSPACES = 60;
  AtomicInteger NEXT_WORKSPACE = new AtomicInteger();
  ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
  };

  WebTestClient http();

  /** The management port (health, prometheus): no API key, not on the API port. */
  WebTestClient management();

  EventBusClient bus();

  /** The service's database, to plant data the API would refuse. */
  com.mongodb.reactivestreams.client.MongoDatabase database();

  /** The port the service listens on, for a plain HTTP client. */
  int port();

  /** The management port (health), for a plain HTTP client. */
  int managementPort();

  /** A workspace no other test uses: its id and API key. */
  /** A workspace of the tests and its configured key; {@link #keyName()} is the key's name (the actor). */
  record Ws(String id, String key) {
    String keyName() {
      return "operator-" + id;
    }
  }

  static Ws freshWorkspace() {
    int n = NEXT_WORKSPACE.getAndIncrement();
    if (n >= EXTRA_WORKSPACES) {
      throw new IllegalStateException("raise EXTRA_WORKSPACES");
    }
    return new Ws("ws-extra-" + n, "key-ws-extra-" + n);
  }

  default WebTestClient.ResponseSpec send(HttpMethod method, String apiKey, String uri, Object body) {
    WebTestClient.RequestBodySpec request = http().method(method).uri(uri).header("Authorization", "Bearer " + apiKey);
    if (body != null) {
      return request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }
    return request.exchange();
  }

  default WebTestClient.BodyContentSpec expectProblem(WebTestClient.ResponseSpec response, int status, String names) {
    return response.expectStatus().isEqualTo(status)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString()).startsWith(names));
  }

  default Map<String, Object> createContact(String apiKey, Map<String, Object> body) {
    return send(HttpMethod.POST, apiKey, "/v1/contacts", body).expectStatus().isCreated()
        .expectBody(JSON).returnResult().getResponseBody();
  }

  default String contactId(String apiKey, Map<String, Object> body) {
    return createContact(apiKey, body).get("id").toString();
  }

  default Map<String, Object> createField(String apiKey, Map<String, Object> body) {
    return send(HttpMethod.POST, apiKey, "/v1/custom-fields", body).expectStatus().isCreated()
        .expectBody(JSON).returnResult().getResponseBody();
  }

  default Map<String, Object> okJson(WebTestClient.ResponseSpec response) {
    return response.expectStatus().is2xxSuccessful().expectBody(JSON).returnResult().getResponseBody();
  }

  default WebTestClient.BodyContentSpec getContact(String apiKey, String id) {
    return send(HttpMethod.GET, apiKey, "/v1/contacts/" + id, null).expectStatus().isOk().expectBody();
  }

  default List<ContactChange> changesOf(String contactId, int count) {
    List<ContactChange> changes = new ArrayList<>(bus().read(Topics.CONTACT_CHANGES, count,
        c -> c.getContactId().equals(contactId)));
    changes.sort(Comparator.comparingLong(ContactChange::getVersion));
    return changes;
  }

  /**
   * Sends a marker upsert on the same key (same partition, so processed after {@code upsert}) and,
   * once it is answered, checks that {@code upsert} got exactly one answer.
   */
  default void assertAnsweredExactlyOnce(ContactUpsert upsert) {
    ContactUpsert marker = upsert(upsert.getWorkspaceId(), upsert.getContact().getPhoneE164(), "Marker");
    bus().send(Topics.CONTACT_UPSERTS, key(marker), marker);
    resultFor(marker);
    List<ContactUpsertResult> answers = bus().readAll(Topics.CONTACT_UPSERT_RESULTS,
        r -> r.getUpsertEventId().equals(upsert.getEventId()));
    assertThat(answers).hasSize(1);
  }

  default ContactUpsertResult resultFor(ContactUpsert upsert) {
    return bus().read(Topics.CONTACT_UPSERT_RESULTS, 1, r -> r.getUpsertEventId().equals(upsert.getEventId())).get(0);
  }

  static String header(ConsumerRecord<String, byte[]> record, String name) {
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

  /** {@code +14155550132} → {@code (415) 555-0132}. */
  static String national(String e164) {
    return "(" + e164.substring(2, 5) + ") " + e164.substring(5, 8) + "-" + e164.substring(8);
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

  static Map<String, Object> condition(String field, String op, Object value) {
    Map<String, Object> c = new java.util.LinkedHashMap<>();
    c.put("field", field);
    c.put("op", op);
    if (value != null) {
      c.put("value", value);
    }
    return c;
  }
}
