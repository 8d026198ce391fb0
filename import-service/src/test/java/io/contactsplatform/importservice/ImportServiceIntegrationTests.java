package io.contactsplatform.importservice;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import io.contactsplatform.events.audience.AudienceRow;
import io.contactsplatform.events.contact.result.ContactUpsertResult;
import io.contactsplatform.events.contact.result.UpsertOutcome;
import io.contactsplatform.events.contact.upsert.ContactUpsert;
import io.contactsplatform.events.contact.upsert.DuplicatePolicy;
import io.contactsplatform.events.crm.CrmContactUpdate;
import io.contactsplatform.events.dnc.command.DncAction;
import io.contactsplatform.events.dnc.command.DncCommand;
import io.contactsplatform.events.dnc.command.DncScope;
import io.contactsplatform.events.dnc.command.DncSource;
import io.contactsplatform.schemas.Topics;
import io.contactsplatform.testsupport.EventBusClient;
import io.contactsplatform.testsupport.TestWorkspaces;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * import-service against a real broker and a MongoDB-protocol store; subclasses choose the
 * infrastructure (embedded, or real images through Testcontainers). The tests play
 * contact-service where an import needs answers on contact-upsert-results.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
abstract class ImportServiceIntegrationTests {

  private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
  };
  private static final Duration WAIT = Duration.ofSeconds(30);

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
  void shouldPublishOneUpsertPerRowAndCompleteWhenEveryRowIsAnswered() {
    List<String> phones = List.of(randomPhone(), randomPhone(), randomPhone());
    String csv = "phone,first_name,company\n"
        + national(phones.get(0)) + ",Ada,Analytical\n"
        + national(phones.get(1)) + ",Grace,Navy\n"
        + national(phones.get(2)) + ",Alan,Bletchley\n";

    String importId = startImport(TestWorkspaces.KEY_A, csv, null);

    List<ContactUpsert> upserts = upsertsOf(importId, 3);
    assertThat(upserts).extracting(ContactUpsert::getRowNumber).containsExactly(1L, 2L, 3L);
    assertThat(upserts).extracting(u -> u.getContact().getPhoneE164()).containsExactlyElementsOf(phones);
    assertThat(upserts).extracting(u -> u.getContact().getFirstName()).containsExactly("Ada", "Grace", "Alan");
    assertThat(upserts).extracting(u -> u.getContact().getCompany()).containsExactly("Analytical", "Navy", "Bletchley");
    assertThat(upserts).allSatisfy(u -> {
      assertThat(u.getWorkspaceId()).isEqualTo(TestWorkspaces.WORKSPACE_A);
      assertThat(u.getSource()).isEqualTo("import-service");
      assertThat(u.getDuplicatePolicy()).isEqualTo(DuplicatePolicy.MERGE);
      assertThat(u.getContact().getTimezone()).isEqualTo("America/Los_Angeles");
    });
    String expectedKey = Topics.key(TestWorkspaces.WORKSPACE_A, phones.get(0));
    assertThat(bus.readRaw(Topics.CONTACT_UPSERTS.name(), 1, r -> expectedKey.equals(r.key()))).hasSize(1);
    assertThat(job(TestWorkspaces.KEY_A, importId).get("status")).isIn("QUEUED", "RUNNING");

    List<ContactUpsertResult> results = upserts.stream().map(u -> result(u, UpsertOutcome.CREATED, null)).toList();
    results.forEach(r -> bus.send(Topics.CONTACT_UPSERT_RESULTS, resultKey(r), r));

    Map<String, Object> done = awaitJob(TestWorkspaces.KEY_A, importId, j -> "COMPLETED".equals(j.get("status")));
    assertThat(number(done, "created")).isEqualTo(3);
    assertThat(number(done, "processedRows")).isEqualTo(3);
    assertThat(number(done, "totalRows")).isEqualTo(3);
    assertThat(number(done, "progress")).isEqualTo(100);
    assertThat(done.get("startedAt")).isNotNull();
    assertThat(done.get("finishedAt")).isNotNull();

    ContactUpsertResult redelivered = results.get(1);
    bus.send(Topics.CONTACT_UPSERT_RESULTS, resultKey(redelivered), redelivered);
    awaitConsumedAfter(resultKey(redelivered));

    Map<String, Object> after = job(TestWorkspaces.KEY_A, importId);
    assertThat(number(after, "created")).isEqualTo(3);
    assertThat(number(after, "processedRows")).isEqualTo(3);
    assertThat(after.get("status")).isEqualTo("COMPLETED");
  }

  @Test
  void shouldRejectInvalidPhoneRowIntoErrorReportAndCountContactServiceRejections() {
    String csv = "phone,first_name\n" + national(randomPhone()) + ",Ok\n12345,Broken\n" + national(randomPhone()) + ",Refused\n";

    String importId = startImport(TestWorkspaces.KEY_A, csv, null);

    List<ContactUpsert> upserts = upsertsOf(importId, 2);
    assertThat(upserts).extracting(ContactUpsert::getRowNumber).containsExactly(1L, 3L);
    Map<String, Object> read = awaitJob(TestWorkspaces.KEY_A, importId, j -> Boolean.TRUE.equals(j.get("allRowsRead")));
    assertThat(read.get("rejected")).isEqualTo(Map.of("INVALID_PHONE", 1));
    assertThat(number(read, "acceptedRows")).isEqualTo(2);
    assertThat(read.get("status")).isEqualTo("RUNNING");

    http.get().uri("/v1/imports/{id}/errors", importId).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.items.length()").isEqualTo(1)
        .jsonPath("$.items[0].rowNumber").isEqualTo(2)
        .jsonPath("$.items[0].code").isEqualTo("INVALID_PHONE")
        .jsonPath("$.items[0].message").value(m -> assertThat(m.toString()).contains("phone"))
        .jsonPath("$.items[0].values[1]").isEqualTo("Broken")
        .jsonPath("$.nextCursor").doesNotExist();

    send(result(upserts.get(0), UpsertOutcome.CREATED, null));
    send(result(upserts.get(1), UpsertOutcome.REJECTED, "EXTERNAL_ID_CONFLICT"));

    Map<String, Object> done = awaitJob(TestWorkspaces.KEY_A, importId, j -> "COMPLETED".equals(j.get("status")));
    assertThat(done.get("rejected")).isEqualTo(Map.of("INVALID_PHONE", 1, "EXTERNAL_ID_CONFLICT", 1));
    assertThat(number(done, "created")).isEqualTo(1);
    assertThat(number(done, "processedRows")).isEqualTo(2);
    assertThat(number(done, "progress")).isEqualTo(100);
  }

  @Test
  void shouldAnswer422AndImportNothingWithoutPhoneColumn() {
    postImport(TestWorkspaces.KEY_A, "name,company\nAda,Analytical\n", null)
        .expectStatus().isEqualTo(422)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("no column maps to phone")
            .contains("'name'").contains("'company'"))
        .jsonPath("$.columns[0]").isEqualTo("name")
        .jsonPath("$.importId").doesNotExist();
  }

  @Test
  void shouldAnswer422NamingBothColumnsMappedToSameTarget() {
    postImport(TestWorkspaces.KEY_A, "a,b,c\n+14155550132,x,y\n",
        "{\"mapping\": {\"a\": \"phone\", \"b\": \"company\", \"c\": \"company\"}}")
        .expectStatus().isEqualTo(422)
        .expectBody()
        .jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("'b', 'c' all map to company"))
        .jsonPath("$.columns").isEqualTo(List.of("b", "c"));
  }

  @Test
  void shouldAnswer422NamingMappedColumnMissingFromHeader() {
    postImport(TestWorkspaces.KEY_A, "phone,name\n+14155550132,x\n",
        "{\"mapping\": {\"phone\": \"phone\", \"Surname\": \"last_name\"}}")
        .expectStatus().isEqualTo(422)
        .expectBody()
        .jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("column 'Surname' is not in the file's header"))
        .jsonPath("$.columns").isEqualTo(List.of("Surname"));
  }

  @Test
  void shouldAnswer422ForCustomFieldTargetsUntilTheyExist() {
    postImport(TestWorkspaces.KEY_A, "phone,plan\n+14155550132,gold\n",
        "{\"mapping\": {\"phone\": \"phone\", \"plan\": \"cf:plan\"}}")
        .expectStatus().isEqualTo(422)
        .expectBody()
        .jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("custom fields are not supported yet"));
  }

  @Test
  void shouldAutoMapSemicolonDelimitedFileWithSynonymHeaders() {
    String phone = randomPhone();
    String csv = "Mobile Number;Given name\n" + national(phone) + ";Zoë\n";

    Map<String, Object> accepted = postImport(TestWorkspaces.KEY_A, csv, null)
        .expectStatus().isAccepted().expectBody(JSON).returnResult().getResponseBody();

    assertThat(accepted.get("status")).isEqualTo("QUEUED");
    assertThat(accepted.get("mapping")).isEqualTo(Map.of("Mobile Number", "phone", "Given name", "first_name"));
    ContactUpsert upsert = upsertsOf(accepted.get("importId").toString(), 1).get(0);
    assertThat(upsert.getContact().getPhoneE164()).isEqualTo(phone);
    assertThat(upsert.getContact().getFirstName()).isEqualTo("Zoë");
  }

  @Test
  void shouldPublishAudienceRowWithEveryColumnWhenImportHasCampaign() {
    String phone = randomPhone();
    String campaign = "camp-" + UUID.randomUUID();
    String csv = "phone,first_name,Plan\n" + national(phone) + ",Ada,gold\n";

    String importId = startImport(TestWorkspaces.KEY_A, csv,
        "{\"campaignId\": \"" + campaign + "\", \"duplicatePolicy\": \"OVERWRITE\", \"tags\": [\"spring\"]}");

    ContactUpsert upsert = upsertsOf(importId, 1).get(0);
    assertThat(upsert.getCampaignId()).isEqualTo(campaign);
    assertThat(upsert.getDuplicatePolicy()).isEqualTo(DuplicatePolicy.OVERWRITE);
    assertThat(upsert.getContact().getTags()).containsExactly("spring");
    AudienceRow row = bus.read(Topics.AUDIENCE_ROWS, 1, r -> campaign.equals(r.getCampaignId())).get(0);
    assertThat(row.getPhoneE164()).isEqualTo(phone);
    assertThat(row.getImportId()).isEqualTo(importId);
    assertThat(row.getRowNumber()).isEqualTo(1L);
    assertThat(row.getColumns()).containsExactlyInAnyOrderEntriesOf(
        Map.of("phone", national(phone), "first_name", "Ada", "Plan", "gold"));
    String key = Topics.key(TestWorkspaces.WORKSPACE_A, campaign + ":" + phone);
    assertThat(bus.readRaw(Topics.AUDIENCE_ROWS.name(), 1, r -> key.equals(r.key()))).hasSize(1);
  }

  @Test
  void shouldImportRealWorldFixtureReportingEveryRejectedRowByNumber() throws IOException {
    byte[] fixture = new ClassPathResource("customers-100.csv").getContentAsByteArray();
    Set<Long> expectedValidRows = new TreeSet<>();
    Set<Long> expectedInvalidRows = new TreeSet<>();
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    try (CsvReader<NamedCsvRecord> reader = CsvReader.builder()
        .ofNamedCsvRecord(new StringReader(new String(fixture, StandardCharsets.UTF_8)))) {
      long row = 0;
      for (NamedCsvRecord record : reader) {
        row++;
        boolean valid;
        try {
          valid = util.isValidNumber(util.parse(record.getField("Phone 1"), "US"));
        } catch (NumberParseException e) {
          valid = false;
        }
        (valid ? expectedValidRows : expectedInvalidRows).add(row);
      }
    }
    assertThat(expectedValidRows.size() + expectedInvalidRows.size()).isEqualTo(100);

    String importId = startImport(TestWorkspaces.KEY_A, new String(fixture, StandardCharsets.UTF_8),
        "{\"defaultRegion\": \"US\", \"mapping\": {\"Phone 1\": \"phone\", \"First Name\": \"first_name\","
            + " \"Last Name\": \"last_name\", \"Company\": \"company\", \"Email\": \"email\", \"Country\": \"skip\"}}");

    Map<String, Object> read = awaitJob(TestWorkspaces.KEY_A, importId, j -> Boolean.TRUE.equals(j.get("allRowsRead")));
    assertThat(number(read, "totalRows")).isEqualTo(100);
    assertThat(number(read, "acceptedRows")).isEqualTo(expectedValidRows.size());
    @SuppressWarnings("unchecked")
    Map<String, Number> rejected = (Map<String, Number>) read.get("rejected");
    long rejectedTotal = rejected.values().stream().mapToLong(Number::longValue).sum();
    assertThat(number(read, "acceptedRows") + rejectedTotal).isEqualTo(100);
    assertThat(rejectedTotal).isEqualTo(expectedInvalidRows.size());

    List<Map<String, Object>> errors = errorsOf(TestWorkspaces.KEY_A, importId);
    assertThat(errors).extracting(e -> ((Number) e.get("rowNumber")).longValue())
        .containsExactlyElementsOf(expectedInvalidRows);
    assertThat(errors).allSatisfy(e -> assertThat(e.get("code")).isIn("INVALID_PHONE", "MISSING_PHONE"));

    List<ContactUpsert> upserts = upsertsOf(importId, expectedValidRows.size());
    assertThat(upserts).extracting(ContactUpsert::getRowNumber).containsExactlyElementsOf(expectedValidRows);
    assertThat(upserts).allSatisfy(u -> {
      assertThat(u.getContact().getPhoneE164()).startsWith("+");
      assertThat(u.getContact().getLastName()).isNotBlank();
      assertThat(u.getContact().getEmail()).contains("@");
      assertThat(u.getContact().getCountry()).isNull();
    });
  }

  @Test
  void shouldTurnCrmUpdateIntoOverwritingUpsertWithExternalId() {
    String phone = randomPhone();
    String externalId = "sf-" + UUID.randomUUID();
    CrmContactUpdate update = crmUpdate(externalId, national(phone), false);

    bus.send(Topics.CRM_CONTACT_UPDATES, Topics.key(TestWorkspaces.WORKSPACE_A, externalId), update);

    ContactUpsert upsert = bus.read(Topics.CONTACT_UPSERTS, 1,
        u -> externalId.equals(u.getContact().getExternalId())).get(0);
    assertThat(upsert.getSource()).isEqualTo("crm:salesforce");
    assertThat(upsert.getDuplicatePolicy()).isEqualTo(DuplicatePolicy.OVERWRITE);
    assertThat(upsert.getImportId()).isNull();
    assertThat(upsert.getContact().getPhoneE164()).isEqualTo(phone);
    assertThat(upsert.getContact().getFirstName()).isEqualTo("Katherine");
    assertThat(upsert.getContact().getDoNotCall()).isNull();
  }

  @Test
  void shouldSendCrmOptOutToDncCommands() {
    String phone = randomPhone();
    String externalId = "sf-" + UUID.randomUUID();

    bus.send(Topics.CRM_CONTACT_UPDATES, Topics.key(TestWorkspaces.WORKSPACE_A, externalId),
        crmUpdate(externalId, national(phone), true));

    DncCommand command = bus.read(Topics.DNC_COMMANDS, 1, c -> phone.equals(c.getPhone())).get(0);
    assertThat(command.getAction()).isEqualTo(DncAction.ADD);
    assertThat(command.getScope()).isEqualTo(DncScope.WORKSPACE);
    assertThat(command.getDncSource()).isEqualTo(DncSource.CONTACT_OPT_OUT);
    assertThat(command.getReason()).isEqualTo("opted out in CRM salesforce");
    assertThat(command.getActor()).isEqualTo("crm:salesforce");
    assertThat(command.getWorkspaceId()).isEqualTo(TestWorkspaces.WORKSPACE_A);
    ContactUpsert upsert = bus.read(Topics.CONTACT_UPSERTS, 1,
        u -> externalId.equals(u.getContact().getExternalId())).get(0);
    assertThat(upsert.getContact().getDoNotCall()).isTrue();
  }

  @Test
  void shouldDeadLetterGarbageCrmRecordAndStillProcessNextOnSameKey() {
    String externalId = "sf-" + UUID.randomUUID();
    String key = Topics.key(TestWorkspaces.WORKSPACE_A, externalId);
    byte[] garbage = ("garbage-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);

    bus.sendRaw(Topics.CRM_CONTACT_UPDATES.name(), key, garbage);
    bus.send(Topics.CRM_CONTACT_UPDATES, key, crmUpdate(externalId, national(randomPhone()), false));

    ConsumerRecord<String, byte[]> dead = bus.readRaw(Topics.CRM_CONTACT_UPDATES.deadLetter(), 1,
        r -> Arrays.equals(r.value(), garbage)).get(0);
    assertThat(header(dead, "dlt-reason")).contains("CrmContactUpdate");
    assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo("crm-contact-updates");
    assertThat(bus.read(Topics.CONTACT_UPSERTS, 1, u -> externalId.equals(u.getContact().getExternalId()))).hasSize(1);
  }

  @Test
  void shouldDeadLetterCrmUpdateWithUnusablePhoneWithReason() {
    String externalId = "sf-" + UUID.randomUUID();
    String key = Topics.key(TestWorkspaces.WORKSPACE_A, externalId);

    bus.send(Topics.CRM_CONTACT_UPDATES, key, crmUpdate(externalId, "12345", false));

    ConsumerRecord<String, byte[]> dead = bus.readRaw(Topics.CRM_CONTACT_UPDATES.deadLetter(), 1,
        r -> key.equals(r.key())).get(0);
    assertThat(header(dead, "dlt-reason")).contains("INVALID_PHONE").contains("not a valid phone number");
  }

  @Test
  void shouldDeadLetterImportResultWithoutRowNumber() {
    String importId = startImport(TestWorkspaces.KEY_A, "phone\n" + national(randomPhone()) + "\n", null);
    ContactUpsertResult noRow = result(upsertsOf(importId, 1).get(0), UpsertOutcome.CREATED, null);
    noRow.setRowNumber(null);

    send(noRow);

    ConsumerRecord<String, byte[]> dead = bus.readRaw(Topics.CONTACT_UPSERT_RESULTS.deadLetter(), 1,
        r -> resultKey(noRow).equals(r.key())).get(0);
    assertThat(header(dead, "dlt-reason")).contains("has no rowNumber");
    assertThat(number(job(TestWorkspaces.KEY_A, importId), "processedRows")).isZero();
  }

  @Test
  void shouldHideAnotherWorkspacesImportAndRequireKey() {
    String importId = startImport(TestWorkspaces.KEY_B, "phone\n" + national(randomPhone()) + "\n", null);

    http.get().uri("/v1/imports/{id}", importId).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isNotFound()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    http.get().uri("/v1/imports/{id}/errors", importId).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isNotFound();
    http.get().uri("/v1/imports/{id}", importId).header("Authorization", "Bearer " + TestWorkspaces.KEY_B)
        .exchange().expectStatus().isOk().expectBody().jsonPath("$.importId").isEqualTo(importId);
    http.get().uri("/v1/imports/{id}", importId).exchange()
        .expectStatus().isUnauthorized()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    postImport(null, "phone\n+14155550132\n", null).expectStatus().isUnauthorized();
    http.get().uri("/v1/imports/{id}", UUID.randomUUID()).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isNotFound();
  }

  // --- helpers -------------------------------------------------------------------------------

  private String startImport(String key, String csv, String options) {
    Map<String, Object> body = postImport(key, csv, options)
        .expectStatus().isAccepted()
        .expectHeader().exists("Location")
        .expectBody(JSON).returnResult().getResponseBody();
    assertThat(body.get("status")).isEqualTo("QUEUED");
    return body.get("importId").toString();
  }

  private WebTestClient.ResponseSpec postImport(String key, String csv, String options) {
    MultipartBodyBuilder body = new MultipartBodyBuilder();
    body.part("file", new ByteArrayResource(csv.getBytes(StandardCharsets.UTF_8)) {
      @Override
      public String getFilename() {
        return "contacts.csv";
      }
    }, MediaType.parseMediaType("text/csv"));
    if (options != null) {
      body.part("options", options, MediaType.APPLICATION_JSON);
    }
    WebTestClient.RequestBodySpec request = http.post().uri("/v1/imports");
    if (key != null) {
      request = request.header("Authorization", "Bearer " + key);
    }
    return request.contentType(MediaType.MULTIPART_FORM_DATA)
        .body(BodyInserters.fromMultipartData(body.build())).exchange();
  }

  private Map<String, Object> job(String key, String importId) {
    return http.get().uri("/v1/imports/{id}", importId).header("Authorization", "Bearer " + key)
        .exchange().expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody();
  }

  /** Polls the job (30 s at most) until it matches. */
  private Map<String, Object> awaitJob(String key, String importId, Predicate<Map<String, Object>> condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Map<String, Object> job = job(key, importId);
    while (!condition.test(job)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("import " + importId + " did not reach the expected state; last seen " + job);
      }
      pause();
      job = job(key, importId);
    }
    return job;
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> errorsOf(String key, String importId) {
    List<Map<String, Object>> all = new ArrayList<>();
    String cursor = null;
    do {
      String uri = "/v1/imports/" + importId + "/errors?pageSize=7" + (cursor == null ? "" : "&cursor=" + cursor);
      Map<String, Object> page = http.get().uri(uri).header("Authorization", "Bearer " + key)
          .exchange().expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody();
      all.addAll((List<Map<String, Object>>) page.get("items"));
      cursor = (String) page.get("nextCursor");
    } while (cursor != null);
    return all;
  }

  /**
   * Makes sure every result sent so far with this key has been consumed: a garbage record sent
   * after them on the same key (so the same partition, consumed in order) reaches the DLT.
   */
  private void awaitConsumedAfter(String key) {
    byte[] marker = ("marker-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    bus.sendRaw(Topics.CONTACT_UPSERT_RESULTS.name(), key, marker);
    bus.readRaw(Topics.CONTACT_UPSERT_RESULTS.deadLetter(), 1, r -> Arrays.equals(r.value(), marker));
  }

  private List<ContactUpsert> upsertsOf(String importId, int n) {
    return bus.read(Topics.CONTACT_UPSERTS, n, u -> importId.equals(u.getImportId())).stream()
        .sorted(Comparator.comparing(ContactUpsert::getRowNumber))
        .collect(Collectors.toList());
  }

  private void send(ContactUpsertResult result) {
    bus.send(Topics.CONTACT_UPSERT_RESULTS, resultKey(result), result);
  }

  private static ContactUpsertResult result(ContactUpsert upsert, UpsertOutcome outcome, String reasonCode) {
    return ContactUpsertResult.newBuilder()
        .setEventId(UUID.randomUUID())
        .setWorkspaceId(upsert.getWorkspaceId())
        .setOccurredAt(Instant.now())
        .setSource("test-contact-service")
        .setUpsertEventId(upsert.getEventId())
        .setImportId(upsert.getImportId())
        .setRowNumber(upsert.getRowNumber())
        .setContactId(outcome == UpsertOutcome.REJECTED ? null : UUID.randomUUID().toString())
        .setOutcome(outcome)
        .setReasonCode(reasonCode)
        .build();
  }

  private static String resultKey(ContactUpsertResult result) {
    return Topics.key(result.getWorkspaceId(), result.getImportId());
  }

  private static CrmContactUpdate crmUpdate(String externalId, String phone, boolean optedOut) {
    return CrmContactUpdate.newBuilder()
        .setEventId(UUID.randomUUID())
        .setWorkspaceId(TestWorkspaces.WORKSPACE_A)
        .setOccurredAt(Instant.now())
        .setSource("salesforce")
        .setExternalId(externalId)
        .setPhone(phone)
        .setFirstName("Katherine")
        .setOptedOut(optedOut)
        .build();
  }

  private static long number(Map<String, Object> json, String field) {
    return ((Number) json.get(field)).longValue();
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A valid, random US number in E.164 (415 area, 2xx-8xx exchanges). */
  static String randomPhone() {
    return "+1415" + (200 + ThreadLocalRandom.current().nextInt(700))
        + String.format("%04d", ThreadLocalRandom.current().nextInt(10000));
  }

  /** The same number as an operator's spreadsheet would hold it: {@code (415) 262-1234}. */
  static String national(String e164) {
    return "(" + e164.substring(2, 5) + ") " + e164.substring(5, 8) + "-" + e164.substring(8);
  }
}
