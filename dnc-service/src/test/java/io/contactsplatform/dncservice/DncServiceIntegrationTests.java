package io.contactsplatform.dncservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.verify;

import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.events.contact.change.ContactState;
import io.contactsplatform.events.dnc.change.DncChange;
import io.contactsplatform.events.dnc.change.DncEntryState;
import io.contactsplatform.events.dnc.change.DncSource;
import io.contactsplatform.events.dnc.command.DncAction;
import io.contactsplatform.events.dnc.command.DncCommand;
import io.contactsplatform.events.dnc.command.DncScope;
import io.contactsplatform.schemas.Topics;
import io.contactsplatform.testsupport.QueryIndexCheck;
import io.contactsplatform.testsupport.EventBusClient;
import io.contactsplatform.testsupport.OpenApiSpecs;
import io.contactsplatform.testsupport.TestClients;
import io.contactsplatform.testsupport.TestWorkspaces;
import io.contactsplatform.testsupport.UploadFixtures;
import io.contactsplatform.testsupport.badinput.BadInputTable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import io.contactsplatform.support.kafka.EventPublisher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * dnc-service against a real broker and a MongoDB-protocol store; subclasses choose the
 * infrastructure (embedded, or real images through Testcontainers). Every test uses its own random
 * numbers, so tests sharing the broker and database select their own records.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = {DncServiceApplication.class, DncServiceIntegrationTests.TestClockConfiguration.class,
        QueryIndexCheck.Recording.class},
    properties = {
        "platform.dnc.outbox.sweep-interval=200ms",
        "platform.dnc.outbox.grace=1s",
        "platform.dnc.expiry.sweep-interval=200ms",
        "platform.dnc.import.batch-size=500",
        "platform.dnc.import.max-file-size=" + DncServiceIntegrationTests.MAX_FILE_SIZE + "B"})
abstract class DncServiceIntegrationTests {

  /** Every query the scenarios ran is served by an index the service declared at startup. */
  @AfterAll
  static void everyQueryIsServedByADeclaredIndex(@Autowired MongoDatabase database) {
    assertThat(QueryIndexCheck.unserved(database, java.util.Set.of())).isEmpty();
  }

  /** The clock every rule and sweep of the service under test reads. */
  @TestConfiguration(proxyBeanMethods = false)
  static class TestClockConfiguration {

    @Bean
    @Primary
    TestClock testClock() {
      return new TestClock();
    }
  }

  static final int MAX_FILE_SIZE = 1024 * 1024;
  static final String WS_A = TestWorkspaces.WORKSPACE_A;
  static final String WS_B = TestWorkspaces.WORKSPACE_B;

  @LocalServerPort
  int port;

  @org.springframework.boot.test.web.server.LocalManagementPort
  int managementPort;

  WebTestClient http;

  @Value("${spring.kafka.bootstrap-servers}")
  String bootstrapServers;

  @Autowired
  TestClock clock;

  @MockitoSpyBean
  EventPublisher publisher;

  EventBusClient bus;

  @BeforeEach
  void connect() {
    bus = new EventBusClient(bootstrapServers);
    http = TestClients.newConnectionPerRequest(port);
  }

  @AfterEach
  void disconnect() {
    clock.reset();
    bus.close();
  }

  // ---- REST ----------------------------------------------------------------------------------

  @Autowired
  com.mongodb.reactivestreams.client.MongoClient mongoClient;

  @Value("${platform.auth.key-store.database}")
  String keyStoreDatabase;

  /** A key created through contact-service's admin API lands in the shared store: dnc-service accepts it at once. */
  @Test
  void shouldRecordTheNameOfAStoredKeyAsTheActorOfEntriesRemovalsAndAuditAndKeepWorkspacesApart() {
    String compliance = TestWorkspaces.storedKey(mongoClient.getDatabase(keyStoreDatabase), WS_A, "compliance-desk");
    String dialer = TestWorkspaces.storedKey(mongoClient.getDatabase(keyStoreDatabase), WS_A, "dialer");
    String phone = randomPhone();
    Map<String, Object> entry = add(compliance, Map.of("phone", phone, "reason", "asked", "actor", "someone else"));
    assertThat(entry).containsEntry("actor", "compliance-desk");
    http.delete().uri("/v1/dnc/{id}?reason={r}&actor={a}", entry.get("entryId"), "consent on file", "mallory")
        .header("Authorization", "Bearer " + dialer)
        .exchange().expectStatus().isOk().expectBody().jsonPath("$.removedBy").isEqualTo("dialer");
    http.get().uri("/v1/dnc/audit?phone={p}", phone).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.items[0].action").isEqualTo("REMOVED")
        .jsonPath("$.items[0].actor").isEqualTo("dialer")
        .jsonPath("$.items[1].action").isEqualTo("ADDED")
        .jsonPath("$.items[1].actor").isEqualTo("compliance-desk");
    assertThat(changes(WS_A, phone, 1, c -> c.getVersion() == 1).get(0).getEntries().get(0).getActor())
        .isEqualTo("compliance-desk");
    // the stored key is workspace A's: B's entries stay out of its reach and the reverse
    String inB = add(TestWorkspaces.KEY_B, Map.of("phone", randomPhone(), "reason", "asked")).get("entryId").toString();
    http.get().uri("/v1/dnc/{id}", inB).header("Authorization", "Bearer " + dialer).exchange().expectStatus().isNotFound();
    http.get().uri("/v1/dnc/{id}", entry.get("entryId")).header("Authorization", "Bearer " + TestWorkspaces.KEY_B)
        .exchange().expectStatus().isNotFound();
  }

  @Test
  void openApiDescriptionNeedsAKeyAndMatchesTheCommittedOne() {
    OpenApiSpecs.assertMatchesCommitted(http, "dnc-service");
  }

  /** A workspace only {@link #shouldAnswerEveryBadInputToEveryEndpointWithAProblemAndChangeNothing} uses. */
  static final String BAD_INPUT_KEY = TestWorkspaces.KEY_C;

  /** The bad-input table ({@link BadInputTable}) over every operation of the committed spec. */
  @Test
  void shouldAnswerEveryBadInputToEveryEndpointWithAProblemAndChangeNothing() {
    String phone = randomPhone();
    String entryId = add(BAD_INPUT_KEY, Map.of("phone", phone, "reason", "asked not to be called")).get("entryId")
        .toString();
    Map<String, Object> entry = new java.util.LinkedHashMap<>();
    entry.put("phone", national(randomPhone()));
    entry.put("defaultRegion", "US");
    entry.put("scope", "CAMPAIGN");
    entry.put("campaignId", "spring");
    entry.put("source", "MANUAL");
    entry.put("reason", "asked");
    entry.put("expiresAt", "2030-01-01T00:00:00Z");

    BadInputTable.forService("dnc-service")
        .port(port).managementPort(managementPort).apiKey(BAD_INPUT_KEY)
        .maxBodyBytes(8 * 1024 * 1024)
        .pathValues((template, name) -> switch (name) {
          case "entryId" -> entryId;
          case "id" -> UUID.randomUUID().toString();
          default -> null;
        })
        .body("createDncEntry", entry)
        .body("checkDncNumbers", Map.of("phones", List.of(national(phone)), "campaignId", "spring", "defaultRegion", "US"))
        .body("removeDncEntryByEntriesPath", Map.of("reason", "asked to be called again"))
        .query("removeDncEntry", Map.of("reason", "again"))
        .query("removeDncEntryByEntriesPath", Map.of("reason", "again"))
        .allow("removeDncEntryByEntriesPath", "wrong encoding: UTF-16 declared as text/plain", "the alias takes reason "
            + "and actor as query parameters too: a body it cannot read is ignored, and the missing reason is the 400")
        .query("listDncAudit", Map.of("phone", phone.replace("+", "%2B")))
        .query("checkDncNumber", Map.of("phone", phone.replace("+", "%2B")))
        .snapshot("/v1/dnc?pageSize=500")
        .snapshot("/v1/dnc/audit?pageSize=500&phone=" + phone.replace("+", "%2B"))
        .snapshot("/v1/dnc/imports?pageSize=500")
        .run();
  }

  @Test
  void shouldPublishVersionOneWithTheEntryAndBlockEveryCampaignWhenAddedThroughApi() {
    String phone = randomPhone();
    String national = "(" + phone.substring(2, 5) + ") " + phone.substring(5, 8) + "-" + phone.substring(8);

    Map<String, Object> entry = add(TestWorkspaces.KEY_A, Map.of("phone", national, "reason", "asked not to be called"));

    assertThat(entry).containsEntry("phone", phone).containsEntry("scope", "WORKSPACE")
        .containsEntry("source", "MANUAL").containsEntry("actor", TestWorkspaces.KEY_A_NAME).containsEntry("active", true)
        .containsEntry("reason", "asked not to be called").containsEntry("removedAt", null);
    DncChange change = changes(WS_A, phone, 1).get(0);
    assertThat(change.getVersion()).isEqualTo(1);
    assertThat(change.getEntries()).singleElement().satisfies(e -> {
      assertThat(e.getEntryId()).isEqualTo(entry.get("entryId"));
      assertThat(e.getDncSource()).isEqualTo(DncSource.MANUAL);
      assertThat(e.getRemovedAt()).isNull();
    });
    check(TestWorkspaces.KEY_A, phone, "summer-sale")
        .jsonPath("$.blocked").isEqualTo(true)
        .jsonPath("$.matchingEntries[0].entryId").isEqualTo(entry.get("entryId"));
    check(TestWorkspaces.KEY_A, phone, "any-other-campaign").jsonPath("$.blocked").isEqualTo(true);
    http.get().uri("/v1/dnc/check?phone=" + phone).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.phone").isEqualTo(phone).jsonPath("$.blocked").isEqualTo(true);
  }

  @Test
  void shouldBlockCallOnlyForTheCampaignOfACampaignEntry() {
    String phone = randomPhone();

    add(TestWorkspaces.KEY_A, Map.of("phone", phone, "scope", "CAMPAIGN", "campaignId", "summer-sale",
        "reason", "not for this offer"));

    check(TestWorkspaces.KEY_A, phone, "summer-sale").jsonPath("$.blocked").isEqualTo(true);
    check(TestWorkspaces.KEY_A, phone, "winter-sale").jsonPath("$.blocked").isEqualTo(false)
        .jsonPath("$.matchingEntries.length()").isEqualTo(0);
    check(TestWorkspaces.KEY_A, phone, null).jsonPath("$.blocked").isEqualTo(false);
  }

  @Test
  void shouldKeepRemovedEntryPublishNextVersionAndAuditBothChanges() {
    String phone = randomPhone();
    String entryId = add(TestWorkspaces.KEY_A, Map.of("phone", phone, "reason", "asked")).get("entryId").toString();

    http.method(HttpMethod.DELETE).uri("/v1/dnc/entries/{id}?phone={p}", entryId, phone)
        .header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "consent given", "actor", "alice"))
        .exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.entryId").isEqualTo(entryId)
        .jsonPath("$.active").isEqualTo(false)
        .jsonPath("$.removedBy").isEqualTo(TestWorkspaces.KEY_A_NAME)
        .jsonPath("$.removalReason").isEqualTo("consent given")
        .jsonPath("$.removedAt").isNotEmpty();

    DncChange removal = changes(WS_A, phone, 1, c -> c.getVersion() == 2).get(0);
    assertThat(removal.getEntries()).singleElement().satisfies(e -> {
      assertThat(e.getEntryId()).isEqualTo(entryId);
      assertThat(e.getRemovedAt()).isNotNull();
      assertThat(e.getRemovedBy()).as("the key's name, not the body's actor").isEqualTo(TestWorkspaces.KEY_A_NAME);
      assertThat(e.getReason()).isEqualTo("asked");
    });
    check(TestWorkspaces.KEY_A, phone, "any").jsonPath("$.blocked").isEqualTo(false);
    http.get().uri("/v1/dnc/audit?phone={p}", phone).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.items.length()").isEqualTo(2)
        .jsonPath("$.items[0].action").isEqualTo("REMOVED")
        .jsonPath("$.items[0].actor").isEqualTo(TestWorkspaces.KEY_A_NAME)
        .jsonPath("$.items[0].reason").isEqualTo("consent given")
        .jsonPath("$.items[0].version").isEqualTo(2)
        .jsonPath("$.items[1].action").isEqualTo("ADDED")
        .jsonPath("$.items[1].actor").isEqualTo(TestWorkspaces.KEY_A_NAME)
        .jsonPath("$.items[1].entryId").isEqualTo(entryId)
        .jsonPath("$.nextCursor").isEmpty();
  }

  @Test
  void shouldReturnExistingEntryAndRepublishSameVersionForIdenticalAdd() {
    String phone = randomPhone();
    Map<String, Object> body = Map.of("phone", phone, "reason", "asked");
    String first = add(TestWorkspaces.KEY_A, body).get("entryId").toString();

    String second = http.post().uri("/v1/dnc").header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
        .exchange().expectStatus().isOk()
        .expectBody(Map.class).returnResult().getResponseBody().get("entryId").toString();

    assertThat(second).isEqualTo(first);
    assertThat(changes(WS_A, phone, 2)).extracting(DncChange::getVersion).containsExactly(1L, 1L);
    http.get().uri("/v1/dnc/audit?phone={p}", phone).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(1);
  }

  @Test
  void shouldAnswer422ProblemNamingTheOffendingField() {
    String phone = randomPhone();
    expect422(Map.of("phone", "12", "reason", "asked"), "phone");
    expect422(Map.of("reason", "asked"), "phone");
    expect422(Map.of("phone", phone), "reason");
    expect422(Map.of("phone", phone, "reason", "asked", "scope", "CAMPAIGN"), "campaignId");
    expect422(Map.of("phone", phone, "reason", "asked", "scope", "GALAXY"), "scope");
    expect422(Map.of("phone", phone, "reason", "asked", "expiresAt", "tomorrow"), "expiresAt");
    String entryId = add(TestWorkspaces.KEY_A, Map.of("phone", phone, "reason", "asked")).get("entryId").toString();
    http.delete().uri("/v1/dnc/entries/{id}?phone={p}&actor=alice", entryId, phone)
        .header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isBadRequest()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).startsWith("reason"));
    check(TestWorkspaces.KEY_A, phone, null).jsonPath("$.blocked").isEqualTo(true);
  }

  @Test
  void shouldAcceptRemovalReasonAsQueryParameterAndIgnoreAnActor() {
    String phone = randomPhone();
    String entryId = add(TestWorkspaces.KEY_A, Map.of("phone", phone, "reason", "asked")).get("entryId").toString();

    http.delete().uri("/v1/dnc/entries/{id}?phone={p}&reason={r}&actor={a}", entryId, phone, "consent", "bob")
        .header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.removedBy").isEqualTo(TestWorkspaces.KEY_A_NAME).jsonPath("$.active").isEqualTo(false);
  }

  @Test
  void shouldPageThroughEntriesWithCursor() {
    String campaign = "paging-" + UUID.randomUUID();
    List<String> mine = List.of(randomPhone(), randomPhone(), randomPhone());
    mine.forEach(p -> add(TestWorkspaces.KEY_A, Map.of("phone", p, "campaignId", campaign, "reason", "asked")));
    add(TestWorkspaces.KEY_A, Map.of("phone", mine.get(0), "campaignId", campaign, "source", "IMPORT",
        "reason", "listed"));

    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      String query = "/v1/dnc?pageSize=2&campaignId=" + campaign + (cursor == null ? "" : "&cursor=" + cursor);
      Map<?, ?> page = http.get().uri(query).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
          .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
      for (Object item : (List<?>) page.get("items")) {
        Map<?, ?> entry = (Map<?, ?>) item;
        seen.add(entry.get("phone") + "/" + entry.get("source"));
        assertThat(entry.get("state")).isEqualTo("ACTIVE");
      }
      cursor = (String) page.get("nextCursor");
      pages++;
    } while (cursor != null && pages < 10);

    assertThat(seen).containsExactlyInAnyOrder(mine.get(0) + "/MANUAL", mine.get(0) + "/IMPORT",
        mine.get(1) + "/MANUAL", mine.get(2) + "/MANUAL");
    assertThat(pages).isEqualTo(2);
    list("campaignId=" + campaign + "&source=import").jsonPath("$.items[*].phone").isEqualTo(List.of(mine.get(0)));
    for (String uri : List.of("/v1/dnc?cursor=not-a-cursor", "/v1/dnc?cursor=LTE", "/v1/dnc?cursor=_w",
        "/v1/dnc/imports/" + UUID.randomUUID() + "/errors?cursor=LTE", "/v1/dnc/imports/x/errors?cursor=YWJj")) {
      http.get().uri(uri).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
          .exchange().expectStatus().isBadRequest()
          .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).startsWith("cursor: invalid cursor"));
    }
  }

  @Test
  void shouldScopeEntryToCampaignWhenOnlyCampaignIdIsGiven() {
    String phone = randomPhone();

    Map<String, Object> entry = add(TestWorkspaces.KEY_A, Map.of("phone", phone, "campaignId", "summer-sale",
        "source", "CALL_OPT_OUT", "reason", "said stop on the call"));

    assertThat(entry).containsEntry("scope", "CAMPAIGN").containsEntry("campaignId", "summer-sale")
        .containsEntry("source", "CALL_OPT_OUT").containsEntry("state", "ACTIVE");
    DncChange change = changes(WS_A, phone, 1).get(0);
    assertThat(change.getBlockedWorkspaceWide()).isFalse();
    assertThat(change.getBlockedCampaigns()).containsExactly("summer-sale");
  }

  @Test
  void shouldRemoveByIdWithReasonRecordingActorAndKeepTheEntryListedAsRemoved() {
    String phone = randomPhone();
    String entryId = add(TestWorkspaces.KEY_A, Map.of("phone", phone, "reason", "asked")).get("entryId").toString();

    http.delete().uri("/v1/dnc/{id}?reason={r}&actor={a}", entryId, "consent on file", "alice")
        .header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.entryId").isEqualTo(entryId)
        .jsonPath("$.state").isEqualTo("REMOVED")
        .jsonPath("$.removedBy").isEqualTo(TestWorkspaces.KEY_A_NAME)
        .jsonPath("$.removalReason").isEqualTo("consent on file")
        .jsonPath("$.removalOverride").isEqualTo(false);

    DncChange removal = changes(WS_A, phone, 1, c -> c.getVersion() == 2).get(0);
    assertThat(removal.getBlockedWorkspaceWide()).isFalse();
    assertThat(removal.getEntries()).singleElement().satisfies(e -> assertThat(e.getRemovedBy()).isEqualTo(TestWorkspaces.KEY_A_NAME));
    check(TestWorkspaces.KEY_A, phone, null).jsonPath("$.blocked").isEqualTo(false);
    http.get().uri("/v1/dnc?phone={p}&state=removed", phone).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.items.length()").isEqualTo(1)
        .jsonPath("$.items[0].entryId").isEqualTo(entryId);
    http.get().uri("/v1/dnc/{id}", entryId).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("REMOVED");
    http.get().uri("/v1/dnc/audit?phone={p}", phone).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.items[*].action").isEqualTo(List.of("REMOVED", "ADDED"));
  }

  @Test
  void shouldRecordTheKeysNameWhenRemovalNamesNoActor() {
    String phone = randomPhone();
    String entryId = add(TestWorkspaces.KEY_A, Map.of("phone", phone, "reason", "asked")).get("entryId").toString();

    http.delete().uri("/v1/dnc/{id}?reason=mistake", entryId).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk().expectBody().jsonPath("$.removedBy").isEqualTo(TestWorkspaces.KEY_A_NAME);
  }

  @Test
  void shouldAnswer400WhenRemovalHasNoReasonAndKeepBlocking() {
    String phone = randomPhone();
    String entryId = add(TestWorkspaces.KEY_A, Map.of("phone", phone, "reason", "asked")).get("entryId").toString();

    http.delete().uri("/v1/dnc/{id}", entryId).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isBadRequest()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).startsWith("reason:"));
    http.delete().uri("/v1/dnc/{id}?reason=", entryId).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isBadRequest();

    check(TestWorkspaces.KEY_A, phone, null).jsonPath("$.blocked").isEqualTo(true);
  }

  @Test
  void shouldRemoveRegistryAndCallOptOutEntriesOnlyWithRecordedOverride() {
    for (String source : List.of("NATIONAL_REGISTRY", "CALL_OPT_OUT")) {
      String phone = randomPhone();
      String entryId = add(TestWorkspaces.KEY_A, Map.of("phone", phone, "source", source, "reason", "protected"))
          .get("entryId").toString();

      http.delete().uri("/v1/dnc/{id}?reason=cleanup", entryId).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
          .exchange().expectStatus().isEqualTo(422)
          .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).startsWith("override:"));
      http.delete().uri("/v1/dnc/{id}?reason=cleanup&override=false", entryId)
          .header("Authorization", "Bearer " + TestWorkspaces.KEY_A).exchange().expectStatus().isEqualTo(422);
      check(TestWorkspaces.KEY_A, phone, null).jsonPath("$.blocked").isEqualTo(true);

      http.delete().uri("/v1/dnc/{id}?reason=verified with the person&override=true&actor=compliance-lead", entryId)
          .header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
          .exchange().expectStatus().isOk().expectBody()
          .jsonPath("$.state").isEqualTo("REMOVED")
          .jsonPath("$.removalOverride").isEqualTo(true);
      http.get().uri("/v1/dnc/audit?phone={p}", phone).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
          .exchange().expectStatus().isOk().expectBody()
          .jsonPath("$.items[0].action").isEqualTo("REMOVED")
          .jsonPath("$.items[0].override").isEqualTo(true)
          .jsonPath("$.items[0].actor").isEqualTo(TestWorkspaces.KEY_A_NAME)
          .jsonPath("$.items[1].override").isEqualTo(false);
    }
  }

  @Test
  void shouldAnswer404ForUnknownEntryIdAndAnotherWorkspacesEntry() {
    String phone = randomPhone();
    String entryInB = add(TestWorkspaces.KEY_B, Map.of("phone", phone, "reason", "secret")).get("entryId").toString();

    http.delete().uri("/v1/dnc/{id}?reason=steal", entryInB).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isNotFound()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    http.get().uri("/v1/dnc/{id}", entryInB).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isNotFound();
    http.delete().uri("/v1/dnc/{id}?reason=x", UUID.randomUUID()).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isNotFound();

    check(TestWorkspaces.KEY_B, phone, null).jsonPath("$.blocked").isEqualTo(true);
  }

  @Test
  void shouldFilterEntriesByPhoneSourceScopeCampaignAndState() {
    String phone = randomPhone();
    add(TestWorkspaces.KEY_A, Map.of("phone", phone, "source", "COMPLIANCE_FEED", "reason", "litigator"));
    add(TestWorkspaces.KEY_A, Map.of("phone", phone, "campaignId", "winter", "reason", "not this offer"));
    String removed = add(TestWorkspaces.KEY_A, Map.of("phone", phone, "source", "IMPORT", "reason", "old list"))
        .get("entryId").toString();
    http.delete().uri("/v1/dnc/{id}?reason=list withdrawn", removed)
        .header("Authorization", "Bearer " + TestWorkspaces.KEY_A).exchange().expectStatus().isOk();

    list("phone=" + phone).jsonPath("$.items.length()").isEqualTo(3);
    list("phone=" + phone + "&state=active").jsonPath("$.items.length()").isEqualTo(2);
    list("phone=" + phone + "&state=REMOVED").jsonPath("$.items[*].entryId").isEqualTo(List.of(removed));
    list("phone=" + phone + "&source=compliance_feed").jsonPath("$.items[*].reason").isEqualTo(List.of("litigator"));
    list("phone=" + phone + "&scope=campaign").jsonPath("$.items[*].campaignId").isEqualTo(List.of("winter"));
    list("phone=" + phone + "&campaignId=winter&state=active").jsonPath("$.items.length()").isEqualTo(1);
    list("phone=" + phone + "&state=expired").jsonPath("$.items.length()").isEqualTo(0);
    list("source=IMPORT&state=removed").jsonPath("$.items[?(@.entryId == '" + removed + "')]").exists();
    http.get().uri("/v1/dnc?state=gone").header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isBadRequest()
        .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).startsWith("state:"));
  }

  @Test
  void shouldStopBlockingAtExpiryAndLetTheSweepPublishAndAuditItWithoutAnyRequest() {
    String phone = randomPhone();
    String expiresAt = clock.instant().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS).toString();
    String entryId = add(TestWorkspaces.KEY_A, Map.of("phone", phone, "reason", "30-day hold", "expiresAt", expiresAt))
        .get("entryId").toString();
    check(TestWorkspaces.KEY_A, phone, null).jsonPath("$.blocked").isEqualTo(true);

    clock.advance(Duration.ofHours(2));

    DncChange expired = changes(WS_A, phone, 1, c -> c.getVersion() == 2).get(0);
    assertThat(expired.getBlockedWorkspaceWide()).isFalse();
    assertThat(expired.getEntries()).singleElement()
        .satisfies(e -> assertThat(e.getExpiresAt()).isEqualTo(Instant.parse(expiresAt)));
    check(TestWorkspaces.KEY_A, phone, null).jsonPath("$.blocked").isEqualTo(false);
    list("phone=" + phone + "&state=expired").jsonPath("$.items[*].entryId").isEqualTo(List.of(entryId));
    http.get().uri("/v1/dnc/audit?phone={p}", phone).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.items[*].action").isEqualTo(List.of("EXPIRED", "ADDED"))
        .jsonPath("$.items[0].at").isEqualTo(expiresAt)
        .jsonPath("$.items[0].actor").isEqualTo("dnc-service");
  }

  @Test
  void shouldKeepBlockingWhenOnlyOneOfTwoEntriesExpires() {
    String phone = randomPhone();
    add(TestWorkspaces.KEY_A, Map.of("phone", phone, "reason", "hold",
        "expiresAt", clock.instant().plus(Duration.ofMinutes(5)).toString()));
    add(TestWorkspaces.KEY_A, Map.of("phone", phone, "source", "COMPLIANCE_FEED", "reason", "permanent"));

    clock.advance(Duration.ofMinutes(10));

    DncChange afterExpiry = changes(WS_A, phone, 1, c -> c.getVersion() == 3).get(0);
    assertThat(afterExpiry.getBlockedWorkspaceWide()).isTrue();
    check(TestWorkspaces.KEY_A, phone, "any").jsonPath("$.blocked").isEqualTo(true)
        .jsonPath("$.matchingEntries[0].source").isEqualTo("COMPLIANCE_FEED");
  }

  @Test
  void shouldStillPublishAChangeWhosePublishFailedRightAfterTheStoreWrite() {
    String phone = randomPhone();
    doReturn(Mono.error(new IllegalStateException("broker unreachable"))).doCallRealMethod()
        .when(publisher).publish(eq(Topics.DNC_CHANGES), eq(Topics.key(WS_A, phone)), any());

    String entryId = add(TestWorkspaces.KEY_A, Map.of("phone", phone, "reason", "asked")).get("entryId").toString();

    DncChange change = changes(WS_A, phone, 1).get(0);
    assertThat(change.getVersion()).isEqualTo(1);
    assertThat(change.getEntries()).extracting(DncEntryState::getEntryId).containsExactly(entryId);
    verify(publisher, atLeast(2)).publish(eq(Topics.DNC_CHANGES), eq(Topics.key(WS_A, phone)), any());
  }

  @Test
  void shouldPublishTheNewestStateLastWhenOneNumberChangesConcurrently() {
    String phone = randomPhone();
    int writers = 12;

    Flux.range(0, writers)
        .flatMap(i -> Mono.fromRunnable(() -> add(TestWorkspaces.KEY_A,
            Map.of("phone", phone, "campaignId", "c" + i, "reason", "asked")))
            .subscribeOn(Schedulers.boundedElastic()), writers)
        .blockLast(Duration.ofSeconds(60));

    List<DncChange> all = changes(WS_A, phone, writers, c -> true);
    assertThat(all).extracting(DncChange::getVersion).contains((long) writers);
    List<DncChange> everything = bus.readAll(Topics.DNC_CHANGES,
        c -> c.getWorkspaceId().equals(WS_A) && c.getPhoneE164().equals(phone));
    DncChange last = everything.get(everything.size() - 1);
    assertThat(last.getVersion()).isEqualTo(writers);
    assertThat(last.getBlockedCampaigns()).hasSize(writers);
  }

  // ---- bulk check ----------------------------------------------------------------------------

  @Test
  void shouldCheckNumbersInRequestOrderWithMatchingEntriesAndReportUnparseableOnes() {
    String workspaceWide = randomPhone();
    String campaignOnly = randomPhone();
    String otherCampaign = randomPhone();
    String removed = randomPhone();
    String clean = randomPhone();
    String wsEntry = add(TestWorkspaces.KEY_A, Map.of("phone", workspaceWide, "source", "COMPLIANCE_FEED",
        "reason", "litigator")).get("entryId").toString();
    add(TestWorkspaces.KEY_A, Map.of("phone", campaignOnly, "campaignId", "summer", "reason", "not this offer"));
    add(TestWorkspaces.KEY_A, Map.of("phone", otherCampaign, "campaignId", "winter", "reason", "not that offer"));
    String removedId = add(TestWorkspaces.KEY_A, Map.of("phone", removed, "reason", "asked")).get("entryId").toString();
    http.delete().uri("/v1/dnc/{id}?reason=consent", removedId).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk();
    String national = "(" + workspaceWide.substring(2, 5) + ") " + workspaceWide.substring(5, 8) + "-"
        + workspaceWide.substring(8);

    http.post().uri("/v1/dnc/check").header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("campaignId", "summer",
            "phones", List.of(national, campaignOnly, otherCampaign, removed, clean, "12", "not a number")))
        .exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.total").isEqualTo(7)
        .jsonPath("$.blocked").isEqualTo(2)
        .jsonPath("$.invalid").isEqualTo(2)
        .jsonPath("$.results[*].input").isEqualTo(List.of(national, campaignOnly, otherCampaign, removed, clean, "12",
            "not a number"))
        .jsonPath("$.results[*].blocked").isEqualTo(Arrays.asList(true, true, false, false, false, null, null))
        .jsonPath("$.results[0].phone").isEqualTo(workspaceWide)
        .jsonPath("$.results[0].matchingEntries[0].entryId").isEqualTo(wsEntry)
        .jsonPath("$.results[0].matchingEntries[0].source").isEqualTo("COMPLIANCE_FEED")
        .jsonPath("$.results[0].matchingEntries[0].reason").isEqualTo("litigator")
        .jsonPath("$.results[0].matchingEntries[0].scope").isEqualTo("WORKSPACE")
        .jsonPath("$.results[1].matchingEntries[0].scope").isEqualTo("CAMPAIGN")
        .jsonPath("$.results[1].matchingEntries[0].campaignId").isEqualTo("summer")
        .jsonPath("$.results[3].matchingEntries.length()").isEqualTo(0)
        .jsonPath("$.results[5].valid").isEqualTo(false)
        .jsonPath("$.results[5].phone").doesNotExist()
        .jsonPath("$.results[5].error").value(e -> assertThat(e.toString()).contains("not a valid phone number"));

    http.post().uri("/v1/dnc/check").header("Authorization", "Bearer " + TestWorkspaces.KEY_B)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("phones", List.of(workspaceWide)))
        .exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.results[0].blocked").isEqualTo(false);
  }

  @Test
  void shouldCheckFiftyThousandNumbersAndRefuseMore() {
    String blocked = randomPhone();
    add(TestWorkspaces.KEY_A, Map.of("phone", blocked, "reason", "asked"));
    List<String> phones = new ArrayList<>();
    phones.add(blocked);
    for (int i = 1; i < 50_000; i++) {
      phones.add(String.format("+1312%07d", 2_000_000 + i));
    }

    http.post().uri("/v1/dnc/check").header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("phones", phones))
        .exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.total").isEqualTo(50_000)
        .jsonPath("$.blocked").isEqualTo(1)
        .jsonPath("$.results[0].blocked").isEqualTo(true);

    phones.add(randomPhone());
    http.post().uri("/v1/dnc/check").header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("phones", phones))
        .exchange().expectStatus().isEqualTo(413)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).startsWith("phones:"));
  }

  @Test
  void shouldAnswer422ForCheckWithoutPhones() {
    http.post().uri("/v1/dnc/check").header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("campaignId", "summer"))
        .exchange().expectStatus().isEqualTo(422)
        .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).startsWith("phones:"));
  }

  // ---- imports -------------------------------------------------------------------------------

  @Test
  void shouldImportCsvAppendingValidRowsAndReportingRejectedOnesByRow() {
    String first = randomPhone();
    String expiring = randomPhone();
    String expiry = clock.instant().plus(Duration.ofDays(90)).truncatedTo(ChronoUnit.SECONDS).toString();
    String csv = "phone,reason,expires_at\n"
        + national(first) + ",asked by letter,\n"
        + "12,bad number,\n"
        + ",no number,\n"
        + expiring + ",temporary hold,2001-01-01\n"
        + expiring + ",temporary hold," + expiry + "\n"
        + first + ",again,\n";

    String importId = startImport(TestWorkspaces.KEY_A, "dnc.csv", csv, null);
    Map<String, Object> job = awaitImport(TestWorkspaces.KEY_A, importId);

    assertThat(job).containsEntry("status", "COMPLETED").containsEntry("progress", 100)
        .containsEntry("format", "CSV").containsEntry("mode", "APPEND").containsEntry("source", "IMPORT")
        .containsEntry("totalRows", 6).containsEntry("added", 2).containsEntry("alreadyActive", 1)
        .containsEntry("rejectedRows", 3);
    assertThat(asMap(job.get("rejected"))).containsEntry("INVALID_PHONE", 1).containsEntry("MISSING_PHONE", 1)
        .containsEntry("EXPIRES_AT_IN_PAST", 1);
    http.get().uri("/v1/dnc/imports/{id}/errors", importId).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.items[*].rowNumber").isEqualTo(List.of(2, 3, 4))
        .jsonPath("$.items[*].code").isEqualTo(List.of("INVALID_PHONE", "MISSING_PHONE", "EXPIRES_AT_IN_PAST"))
        .jsonPath("$.items[0].line").isEqualTo(3)
        .jsonPath("$.items[0].message").value(m -> assertThat(m.toString()).startsWith("phone:"))
        .jsonPath("$.items[0].values[1]").isEqualTo("bad number");
    assertThat(changes(WS_A, first, 1).get(0).getEntries()).singleElement().satisfies(e -> {
      assertThat(e.getDncSource()).isEqualTo(DncSource.IMPORT);
      assertThat(e.getReason()).isEqualTo("asked by letter");
    });
    list("phone=" + expiring).jsonPath("$.items[0].expiresAt").isEqualTo(expiry)
        .jsonPath("$.items[0].reason").isEqualTo("temporary hold");
  }

  @Test
  void shouldReplaceRegistryEntriesWithoutEverUnblockingNumbersInBothFiles() {
    List<String> kept = List.of(randomPhone(), randomPhone());
    String dropped = randomPhone();
    String added = randomPhone();
    String firstLoad = registryLine(kept.get(0), true) + "\n" + registryLine(kept.get(1), false) + "\n"
        + registryLine(dropped, true) + "\n";
    Map<String, Object> first = awaitImport(TestWorkspaces.KEY_A, startImport(TestWorkspaces.KEY_A, "registry-1.txt",
        firstLoad, "{\"mode\":\"REPLACE\"}"));
    assertThat(first).containsEntry("status", "COMPLETED").containsEntry("format", "REGISTRY")
        .containsEntry("source", "NATIONAL_REGISTRY").containsEntry("added", 3);
    Map<String, String> keptIds = new HashMap<>();
    for (String phone : kept) {
      keptIds.put(phone, changes(WS_A, phone, 1).get(0).getEntries().get(0).getEntryId());
    }

    String secondLoad = registryLine(added, false) + "\n" + registryLine(kept.get(1), true) + "\n"
        + registryLine(kept.get(0), false) + "\n";
    Map<String, Object> second = awaitImport(TestWorkspaces.KEY_A, startImport(TestWorkspaces.KEY_A, "registry-2.txt",
        secondLoad, "{\"mode\":\"REPLACE\"}"));

    assertThat(second).containsEntry("status", "COMPLETED").containsEntry("added", 1)
        .containsEntry("alreadyActive", 2);
    assertThat(((Number) second.get("removedByReplace")).longValue()).isGreaterThanOrEqualTo(1);
    DncChange droppedChange = changes(WS_A, dropped, 1, c -> c.getVersion() == 2).get(0);
    assertThat(droppedChange.getBlockedWorkspaceWide()).isFalse();
    assertThat(droppedChange.getEntries()).singleElement().satisfies(e -> {
      assertThat(e.getRemovedAt()).isNotNull();
      assertThat(e.getRemovalReason()).contains("not in replacement file registry-2.txt");
    });
    changes(WS_A, added, 1);
    for (String phone : kept) {
      List<DncChange> history = bus.readAll(Topics.DNC_CHANGES,
          c -> c.getWorkspaceId().equals(WS_A) && c.getPhoneE164().equals(phone));
      assertThat(history).isNotEmpty().allSatisfy(c -> {
        assertThat(c.getVersion()).isEqualTo(1);
        assertThat(c.getBlockedWorkspaceWide()).isTrue();
      });
      list("phone=" + phone).jsonPath("$.items[*].entryId").isEqualTo(List.of(keptIds.get(phone)))
          .jsonPath("$.items[0].state").isEqualTo("ACTIVE");
    }
    http.get().uri("/v1/dnc/audit?phone={p}", dropped).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.items[*].action").isEqualTo(List.of("REMOVED", "ADDED"))
        .jsonPath("$.items[0].override").isEqualTo(false);
  }

  @Test
  void shouldReplaceAcrossManyBatches() {
    int numbers = 1_200;
    StringBuilder file = new StringBuilder();
    String campaign = "registry-" + UUID.randomUUID();
    List<String> phones = new ArrayList<>();
    for (int i = 0; i < numbers; i++) {
      String phone = String.format("+1646%07d", 2_000_000 + ThreadLocalRandom.current().nextInt(7_000_000));
      phones.add(phone);
      file.append(registryLine(phone, i % 2 == 0)).append('\n');
    }
    String options = "{\"mode\":\"REPLACE\",\"campaignId\":\"" + campaign + "\"}";
    Map<String, Object> first = awaitImport(TestWorkspaces.KEY_A, startImport(TestWorkspaces.KEY_A, "big-1.txt",
        file.toString(), options));
    long distinct = phones.stream().distinct().count();
    assertThat(first).containsEntry("status", "COMPLETED").containsEntry("totalRows", numbers);
    assertThat(((Number) first.get("added")).longValue()).isEqualTo(distinct);

    StringBuilder half = new StringBuilder();
    phones.subList(0, numbers / 2).forEach(p -> half.append(registryLine(p, false)).append('\n'));
    Map<String, Object> second = awaitImport(TestWorkspaces.KEY_A, startImport(TestWorkspaces.KEY_A, "big-2.txt",
        half.toString(), options));

    long keptDistinct = phones.subList(0, numbers / 2).stream().distinct().count();
    assertThat(second).containsEntry("status", "COMPLETED").containsEntry("added", 0);
    assertThat(((Number) second.get("removedByReplace")).longValue()).isEqualTo(distinct - keptDistinct);
    http.post().uri("/v1/dnc/check").header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("phones", phones, "campaignId", campaign))
        .exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.blocked").isEqualTo((int) phones.stream()
            .filter(p -> phones.subList(0, numbers / 2).contains(p)).count());
  }

  @Test
  void shouldFailReplaceWithoutAnyValidNumberAndRemoveNothing() {
    String phone = randomPhone();
    String campaign = "registry-" + UUID.randomUUID();
    String options = "{\"mode\":\"REPLACE\",\"format\":\"REGISTRY\",\"campaignId\":\"" + campaign + "\"}";
    awaitImport(TestWorkspaces.KEY_A, startImport(TestWorkspaces.KEY_A, "ok.txt", registryLine(phone, true), options));

    Map<String, Object> broken = awaitImport(TestWorkspaces.KEY_A, startImport(TestWorkspaces.KEY_A, "broken.txt",
        "hello\nworld\n", options));

    assertThat(broken).containsEntry("status", "FAILED");
    assertThat(broken.get("failureReason").toString()).contains("no valid number");
    check(TestWorkspaces.KEY_A, phone, campaign).jsonPath("$.blocked").isEqualTo(true);
  }

  @Test
  void shouldApplyRegistryChangeListAddsAndDeletes() {
    String listed = randomPhone();
    String toAdd = randomPhone();
    String neverListed = randomPhone();
    awaitImport(TestWorkspaces.KEY_A, startImport(TestWorkspaces.KEY_A, "full.txt", registryLine(listed, true), null));

    String changeList = registryLine(toAdd, true) + ",A\n" + registryLine(listed, false) + ",D\n"
        + registryLine(neverListed, true) + ",D\n" + registryLine(toAdd, false) + ",X\n" + "212,555\n";
    Map<String, Object> job = awaitImport(TestWorkspaces.KEY_A, startImport(TestWorkspaces.KEY_A, "changes.txt", changeList,
        "{\"mode\":\"CHANGE_LIST\"}"));

    assertThat(job).containsEntry("status", "COMPLETED").containsEntry("format", "REGISTRY")
        .containsEntry("totalRows", 5).containsEntry("added", 1).containsEntry("removed", 1)
        .containsEntry("notFound", 1).containsEntry("rejectedRows", 2);
    assertThat(asMap(job.get("rejected"))).containsEntry("INVALID_ACTION", 1).containsEntry("INVALID_LINE", 1);
    check(TestWorkspaces.KEY_A, toAdd, null).jsonPath("$.blocked").isEqualTo(true)
        .jsonPath("$.matchingEntries[0].source").isEqualTo("NATIONAL_REGISTRY");
    check(TestWorkspaces.KEY_A, listed, null).jsonPath("$.blocked").isEqualTo(false);
    list("phone=" + listed).jsonPath("$.items[0].removalReason")
        .value(r -> assertThat(r.toString()).contains("deleted by change list changes.txt"));
  }

  @Test
  void shouldApplyCsvChangeListWithActionColumn() {
    String add = randomPhone();
    String remove = randomPhone();
    awaitImport(TestWorkspaces.KEY_A, startImport(TestWorkspaces.KEY_A, "seed.csv", "phone\n" + remove + "\n", null));

    Map<String, Object> job = awaitImport(TestWorkspaces.KEY_A, startImport(TestWorkspaces.KEY_A, "changes.csv",
        "Phone Number;Action;Reason\n" + add + ";add;complaint\n" + remove + ";delete;consent\n" + add + ";;\n",
        "{\"mode\":\"CHANGE_LIST\"}"));

    assertThat(job).containsEntry("status", "COMPLETED").containsEntry("added", 1).containsEntry("removed", 1)
        .containsEntry("rejectedRows", 1);
    assertThat(asMap(job.get("rejected"))).containsEntry("MISSING_ACTION", 1);
    check(TestWorkspaces.KEY_A, add, null).jsonPath("$.blocked").isEqualTo(true);
    list("phone=" + remove).jsonPath("$.items[0].state").isEqualTo("REMOVED")
        .jsonPath("$.items[0].removalReason").isEqualTo("consent");
  }

  @Test
  void shouldRefuseImportsThatCannotBeReadOrBreakARule() {
    expectImportProblem("leads.csv", "name,email\nAda,ada@example.com\n", null, 422, "file:");
    expectImportProblem("dnc.csv", "phone\n4155550132\n", "{not json", 400, "options:");
    expectImportProblem("dnc.csv", "phone\n4155550132\n", "{\"mode\":\"MERGE\"}", 422, "mode:");
    expectImportProblem("dnc.csv", "phone\n4155550132\n", "{\"source\":\"CONTACT_OPT_OUT\"}", 422, "source:");
    expectImportProblem("optouts.csv", "phone\n4155550132\n", "{\"mode\":\"REPLACE\",\"source\":\"CALL_OPT_OUT\"}",
        422, "override:");
    expectImportProblem("dnc.csv", "phone\n4155550132\n", "{\"mode\":\"CHANGE_LIST\"}", 422, "file:");
    expectImportProblem("dnc.csv", "phone\n4155550132\n", "{\"columns\":{\"phone\":\"mobile\"}}", 422,
        "options.columns.phone:");
    http.get().uri("/v1/dnc/imports/{id}", UUID.randomUUID()).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isNotFound();
    MultipartBodyBuilder noFile = new MultipartBodyBuilder();
    noFile.part("options", "{\"mode\":\"APPEND\"}").contentType(MediaType.APPLICATION_JSON);
    http.post().uri("/v1/dnc/imports").header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .contentType(MediaType.MULTIPART_FORM_DATA).bodyValue(noFile.build())
        .exchange().expectStatus().isBadRequest()
        .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).startsWith("file:"));
  }

  @Test
  void shouldAnswer413NamingTheLimitInBytesForAFileOverTheUploadLimit() {
    String line = national(randomPhone()) + ",padding " + "x".repeat(90) + "\n";
    String csv = "phone,reason\n" + line.repeat(MAX_FILE_SIZE / line.length() + 10);
    MultipartBodyBuilder body = new MultipartBodyBuilder();
    body.part("file", new ByteArrayResource(csv.getBytes(StandardCharsets.UTF_8)) {
      @Override
      public String getFilename() {
        return "big.csv";
      }
    }).contentType(MediaType.TEXT_PLAIN);

    http.post().uri("/v1/dnc/imports").header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .contentType(MediaType.MULTIPART_FORM_DATA).bodyValue(body.build())
        .exchange().expectStatus().isEqualTo(413)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString())
            .contains("maximum upload size of " + MAX_FILE_SIZE + " bytes")
            .contains("platform.dnc.import.max-file-size"))
        .jsonPath("$.maxFileBytes").isEqualTo(MAX_FILE_SIZE);
  }

  /**
   * The same files as import-service's {@code shouldReadTheSharedFixtureFilesAsDncServiceDoes}:
   * every encoding and container gives the same two rows (the quoted reason intact); a NUL byte is
   * a 422 naming its line.
   */
  @Test
  void shouldReadTheSharedFixtureFilesAsImportServiceDoes() {
    UploadFixtures.encodings(UploadFixtures.table("x", "y")).keySet().forEach(variant -> {
      String first = randomPhone();
      String second = randomPhone();
      List<List<String>> table = UploadFixtures.table(national(first), national(second));
      String importId = startImport(TestWorkspaces.KEY_A, "dnc-" + variant + ".csv",
          UploadFixtures.encodings(table).get(variant), null);
      Map<String, Object> job = awaitImport(TestWorkspaces.KEY_A, importId);
      assertThat(job).as(variant).containsEntry("status", "COMPLETED").containsEntry("format", "CSV")
          .containsEntry("totalRows", 2).containsEntry("added", 2).containsEntry("rejectedRows", 0);
      list("phone=" + first).jsonPath("$.items[0].reason").isEqualTo(table.get(1).get(1));
      list("phone=" + second).jsonPath("$.items[0].reason").isEqualTo(table.get(2).get(1));
    });
    MultipartBodyBuilder body = new MultipartBodyBuilder();
    body.part("file", new ByteArrayResource(UploadFixtures.withNul(UploadFixtures.table(national(randomPhone()),
        national(randomPhone())), 2)) {
      @Override
      public String getFilename() {
        return "nul.csv";
      }
    });
    http.post().uri("/v1/dnc/imports").header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .contentType(MediaType.MULTIPART_FORM_DATA).bodyValue(body.build())
        .exchange().expectStatus().isEqualTo(422)
        .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("line 3").contains("NUL"));
  }

  @Test
  void shouldRefuseMalformedMultipartAsImportServiceDoes() {
    UploadFixtures.assertRefusesMalformedMultipart(http, "/v1/dnc/imports", TestWorkspaces.KEY_A);
  }

  @Test
  void shouldHideAnotherWorkspacesImport() {
    String importId = startImport(TestWorkspaces.KEY_B, "b.csv", "phone\n" + randomPhone() + "\n", null);

    http.get().uri("/v1/dnc/imports/{id}", importId).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isNotFound();
    http.get().uri("/v1/dnc/imports/{id}/errors", importId).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isNotFound();
    assertThat(awaitImport(TestWorkspaces.KEY_B, importId)).containsEntry("status", "COMPLETED");
  }

  @Test
  void shouldRecordRegistryLoadTimeAndFlagItStaleAfter31Days() {
    http.get().uri("/v1/dnc/registry").header("Authorization", "Bearer " + TestWorkspaces.KEY_B)
        .exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.registryLoadedAt").doesNotExist()
        .jsonPath("$.stale").isEqualTo(true);

    String importId = startImport(TestWorkspaces.KEY_A, "registry.txt", registryLine(randomPhone(), false),
        "{\"mode\":\"CHANGE_LIST\",\"action\":\"ADD\"}");
    awaitImport(TestWorkspaces.KEY_A, importId);

    http.get().uri("/v1/dnc/registry").header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.registryLoadedAt").isNotEmpty()
        .jsonPath("$.stale").isEqualTo(false)
        .jsonPath("$.lastImportId").isEqualTo(importId)
        .jsonPath("$.maxAgeDays").isEqualTo(31);
    clock.advance(Duration.ofDays(30));
    http.get().uri("/v1/dnc/registry").header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk().expectBody().jsonPath("$.stale").isEqualTo(false)
        .jsonPath("$.ageDays").isEqualTo(30);
    clock.advance(Duration.ofDays(2));
    http.get().uri("/v1/dnc/registry").header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk().expectBody().jsonPath("$.stale").isEqualTo(true)
        .jsonPath("$.ageDays").isEqualTo(32);
  }

  @Test
  void shouldListImportHistoryNewestFirstWithSpeedAndStreamProgressUntilDone() {
    String first = startImport(TestWorkspaces.KEY_B, "first.csv", "phone\n" + randomPhone() + "\n", null);
    awaitImport(TestWorkspaces.KEY_B, first);
    String second = startImport(TestWorkspaces.KEY_B, "second.csv", "phone\n" + randomPhone() + "\n12\n", null);

    List<ServerSentEvent<Map<String, Object>>> events = http.get().uri("/v1/dnc/imports/{id}/events", second)
        .header("Authorization", "Bearer " + TestWorkspaces.KEY_B).accept(MediaType.TEXT_EVENT_STREAM)
        .exchange().expectStatus().isOk()
        .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
        .returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() {
        })
        .getResponseBody().filter(e -> e.event() != null).collectList().block(Duration.ofSeconds(30));
    assertThat(events).isNotEmpty().last().satisfies(e -> {
      assertThat(e.event()).isEqualTo("done");
      assertThat(e.data()).containsEntry("status", "COMPLETED").containsEntry("progress", 100)
          .containsEntry("etaSeconds", 0).containsEntry("totalRows", 2).containsEntry("rejectedRows", 1);
    });
    assertThat(events.stream().map(e -> ((Number) e.data().get("progress")).intValue()).toList()).isSorted();

    Map<?, ?> page = http.get().uri("/v1/dnc/imports?pageSize=1").header("Authorization", "Bearer " + TestWorkspaces.KEY_B)
        .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    List<Map<String, Object>> items = listOf(page.get("items"));
    assertThat(items).singleElement().satisfies(i -> {
      assertThat(i).containsEntry("importId", second).containsEntry("fileName", "second.csv")
          .containsEntry("actor", TestWorkspaces.KEY_B_NAME).containsEntry("status", "COMPLETED");
      assertThat(i.get("fileBytes")).isEqualTo(i.get("bytesRead"));
      assertThat(i.get("rowsPerSecond")).isNotNull();
    });
    http.get().uri("/v1/dnc/imports?pageSize=1&cursor=" + page.get("nextCursor"))
        .header("Authorization", "Bearer " + TestWorkspaces.KEY_B).exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.items[0].importId").isEqualTo(first);
    http.get().uri("/v1/dnc/imports?pageSize=500").header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.items[?(@.importId == '" + second + "')]").doesNotExist();
    http.get().uri("/v1/dnc/imports/{id}/events", second).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isNotFound();
  }

  @Test
  void shouldCheckANumberInAnyFormatAndRemoveItsEntriesFromTheResultThenAuditEveryStepPaged() {
    String phone = randomPhone();
    String manual = add(TestWorkspaces.KEY_A, Map.of("phone", phone, "reason", "asked")).get("entryId").toString();
    String registry = add(TestWorkspaces.KEY_A, Map.of("phone", national(phone), "source", "NATIONAL_REGISTRY",
        "reason", "on the registry")).get("entryId").toString();
    String digits = phone.substring(2, 5) + "." + phone.substring(5, 8) + "." + phone.substring(8);

    Map<?, ?> checked = http.post().uri("/v1/dnc/check").header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("phones", List.of(digits)))
        .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    Map<String, Object> result = listOf(checked.get("results")).get(0);
    assertThat(result).containsEntry("phone", phone).containsEntry("blocked", true);
    assertThat(listOf(result.get("matchingEntries"))).extracting(m -> m.get("entryId"), m -> m.get("source"),
            m -> m.get("removalRequiresOverride"))
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(manual, "MANUAL", false),
            org.assertj.core.groups.Tuple.tuple(registry, "NATIONAL_REGISTRY", true));

    http.delete().uri("/v1/dnc/{id}?reason=consent given&actor=ops", manual)
        .header("Authorization", "Bearer " + TestWorkspaces.KEY_A).exchange().expectStatus().isOk()
        .expectBody().jsonPath("$.state").isEqualTo("REMOVED");
    http.delete().uri("/v1/dnc/{id}?reason=wrong number&actor=ops", registry)
        .header("Authorization", "Bearer " + TestWorkspaces.KEY_A).exchange().expectStatus().isEqualTo(422);
    http.delete().uri("/v1/dnc/{id}?reason=wrong number&actor=ops&override=true", registry)
        .header("Authorization", "Bearer " + TestWorkspaces.KEY_A).exchange().expectStatus().isOk()
        .expectBody().jsonPath("$.removalOverride").isEqualTo(true);

    Map<?, ?> newest = http.get().uri("/v1/dnc/audit?phone={p}&pageSize=2", digits)
        .header("Authorization", "Bearer " + TestWorkspaces.KEY_A).exchange().expectStatus().isOk()
        .expectBody(Map.class).returnResult().getResponseBody();
    assertThat(listOf(newest.get("items"))).extracting(a -> a.get("action"), a -> a.get("entryId"), a -> a.get("override"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple("REMOVED", registry, true),
            org.assertj.core.groups.Tuple.tuple("REMOVED", manual, false));
    http.get().uri("/v1/dnc/audit?phone={p}&pageSize=2&cursor={c}", digits, newest.get("nextCursor"))
        .header("Authorization", "Bearer " + TestWorkspaces.KEY_A).exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.items[*].action").isEqualTo(List.of("ADDED", "ADDED"))
        .jsonPath("$.items[*].entryId").isEqualTo(List.of(registry, manual))
        .jsonPath("$.nextCursor").doesNotExist();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> listOf(Object value) {
    return (List<Map<String, Object>>) value;
  }

  // ---- workspaces ----------------------------------------------------------------------------

  @Test
  void shouldHideAnotherWorkspacesEntriesFromListCheckAuditAndRemoval() {
    String phone = randomPhone();
    String entryInB = add(TestWorkspaces.KEY_B, Map.of("phone", phone, "reason", "secret")).get("entryId").toString();

    http.method(HttpMethod.DELETE).uri("/v1/dnc/entries/{id}?phone={p}", entryInB, phone)
        .header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "steal", "actor", "mallory"))
        .exchange().expectStatus().isNotFound()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    check(TestWorkspaces.KEY_A, phone, "any").jsonPath("$.blocked").isEqualTo(false)
        .jsonPath("$.matchingEntries.length()").isEqualTo(0);
    http.get().uri("/v1/dnc?pageSize=500").header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk()
        .expectBody().jsonPath("$.items[?(@.phone == '" + phone + "')]").doesNotExist();
    http.get().uri("/v1/dnc/audit?phone={p}", phone).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(0);

    check(TestWorkspaces.KEY_B, phone, "any").jsonPath("$.blocked").isEqualTo(true);
    http.get().uri("/v1/dnc/audit?phone={p}", phone).header("Authorization", "Bearer " + TestWorkspaces.KEY_B)
        .exchange().expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(1);
  }

  @Test
  void shouldAnswer401ProblemWithoutOrWithUnknownKey() {
    http.get().uri("/v1/dnc").exchange()
        .expectStatus().isUnauthorized()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.status").isEqualTo(401);
    http.post().uri("/v1/dnc").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("phone", randomPhone(), "reason", "x")).exchange().expectStatus().isUnauthorized();
    http.get().uri("/v1/dnc/check?phone={p}", randomPhone()).header("Authorization", "Bearer not-a-key").exchange()
        .expectStatus().isUnauthorized();
    http.get().uri("/actuator/health").exchange().expectStatus().isNotFound();
    WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build()
        .get().uri("/actuator/health").exchange().expectStatus().isOk();
  }

  // ---- dnc-commands --------------------------------------------------------------------------

  @Test
  void shouldPublishDncChangeForAddCommandFromTopic() {
    String phone = randomPhone();
    DncCommand add = command(WS_A, DncAction.ADD, phone.substring(2)).setScope(DncScope.CAMPAIGN)
        .setCampaignId("summer-sale").build();

    bus.send(Topics.DNC_COMMANDS, Topics.key(WS_A, add.getPhone()), add);

    DncChange change = changes(WS_A, phone, 1).get(0);
    assertThat(change.getVersion()).isEqualTo(1);
    assertThat(change.getEntries()).singleElement().satisfies(e -> {
      assertThat(e.getDncSource()).isEqualTo(DncSource.COMPLIANCE_FEED);
      assertThat(e.getCampaignId()).isEqualTo("summer-sale");
      assertThat(e.getActor()).isEqualTo("compliance-team");
      assertThat(e.getReason()).isEqualTo("regulator list");
    });
    check(TestWorkspaces.KEY_A, phone, "summer-sale").jsonPath("$.blocked").isEqualTo(true);
  }

  @Test
  void shouldChangeNothingButRepublishWhenTheSameCommandIsDeliveredTwice() {
    String phone = randomPhone();
    DncCommand add = command(WS_A, DncAction.ADD, phone).build();

    bus.send(Topics.DNC_COMMANDS, Topics.key(WS_A, phone), add);
    bus.send(Topics.DNC_COMMANDS, Topics.key(WS_A, phone), add);

    List<DncChange> changes = changes(WS_A, phone, 2);
    assertThat(changes).extracting(DncChange::getVersion).containsExactly(1L, 1L);
    assertThat(changes.get(1).getEntries()).extracting(DncEntryState::getEntryId)
        .containsExactlyElementsOf(changes.get(0).getEntries().stream().map(DncEntryState::getEntryId).toList())
        .hasSize(1);
    http.get().uri("/v1/dnc/audit?phone={p}", phone).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(1);
  }

  @Test
  void shouldRecogniseARedeliveredCommandEvenAfterTheNumberChangedSince() {
    String phone = randomPhone();
    DncCommand add = command(WS_A, DncAction.ADD, phone).build();
    bus.send(Topics.DNC_COMMANDS, Topics.key(WS_A, phone), add);
    String entryId = changes(WS_A, phone, 1).get(0).getEntries().get(0).getEntryId();
    http.delete().uri("/v1/dnc/entries/{id}?phone={p}&reason=consent&actor=alice", entryId, phone)
        .header("Authorization", "Bearer " + TestWorkspaces.KEY_A).exchange().expectStatus().isOk();

    bus.send(Topics.DNC_COMMANDS, Topics.key(WS_A, phone), add);

    List<DncChange> latest = changes(WS_A, phone, 2, c -> c.getVersion() == 2);
    assertThat(latest.get(1).getEntries()).singleElement()
        .satisfies(e -> assertThat(e.getRemovedAt()).isNotNull());
    check(TestWorkspaces.KEY_A, phone, "any").jsonPath("$.blocked").isEqualTo(false);
  }

  @Test
  void shouldIgnoreRemoveCommandWithNothingToRemoveAndApplyALaterRemove() {
    String phone = randomPhone();
    String key = Topics.key(WS_A, phone);

    bus.send(Topics.DNC_COMMANDS, key, command(WS_A, DncAction.REMOVE, phone).build());
    bus.send(Topics.DNC_COMMANDS, key, command(WS_A, DncAction.ADD, phone).build());
    bus.send(Topics.DNC_COMMANDS, key, command(WS_A, DncAction.REMOVE, phone).setReason("feed withdrew it").build());

    List<DncChange> changes = changes(WS_A, phone, 2);
    assertThat(changes).extracting(DncChange::getVersion).containsExactly(1L, 2L);
    assertThat(changes.get(0).getEntries()).singleElement().satisfies(e -> assertThat(e.getRemovedAt()).isNull());
    assertThat(changes.get(1).getEntries()).singleElement()
        .satisfies(e -> assertThat(e.getRemovalReason()).isEqualTo("feed withdrew it"));
  }

  @Test
  void shouldDeadLetterGarbageAndStillProcessNextCommandOnSameKey() {
    String phone = randomPhone();
    String key = Topics.key(WS_A, phone);
    byte[] garbage = ("garbage-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);

    bus.sendRaw(Topics.DNC_COMMANDS.name(), key, garbage);
    bus.send(Topics.DNC_COMMANDS, key, command(WS_A, DncAction.ADD, phone).build());

    ConsumerRecord<String, byte[]> dead = bus.readRaw(Topics.DNC_COMMANDS.deadLetter(), 1,
        r -> Arrays.equals(r.value(), garbage)).get(0);
    assertThat(header(dead, "dlt-reason")).isNotBlank();
    assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo("dnc-commands");
    assertThat(changes(WS_A, phone, 1).get(0).getVersion()).isEqualTo(1);
  }

  @Test
  void shouldDeadLetterCommandWithInvalidPhoneGivingAMaskedReason() {
    String invalid = "+1 999 " + (1000000 + ThreadLocalRandom.current().nextInt(8999999));
    DncCommand bad = command(WS_A, DncAction.ADD, invalid).build();

    bus.send(Topics.DNC_COMMANDS, Topics.key(WS_A, invalid), bad);

    ConsumerRecord<String, byte[]> dead = bus.readRaw(Topics.DNC_COMMANDS.deadLetter(), 1,
        r -> Topics.key(WS_A, invalid).equals(r.key())).get(0);
    String reason = header(dead, "dlt-reason");
    assertThat(reason).contains(bad.getEventId().toString()).contains("phone is not a valid phone number")
        .doesNotContain(invalid).doesNotContain(invalid.replace(" ", "").substring(2));
  }

  @Test
  void shouldDeadLetterCampaignCommandWithoutCampaignId() {
    String phone = randomPhone();
    DncCommand bad = command(WS_A, DncAction.ADD, phone).setScope(DncScope.CAMPAIGN).build();

    bus.send(Topics.DNC_COMMANDS, Topics.key(WS_A, phone), bad);

    ConsumerRecord<String, byte[]> dead = bus.readRaw(Topics.DNC_COMMANDS.deadLetter(), 1,
        r -> Topics.key(WS_A, phone).equals(r.key())).get(0);
    assertThat(header(dead, "dlt-reason")).contains(bad.getEventId().toString()).contains("campaignId: required");
  }

  @Test
  void shouldDeadLetterRemoveOfRegistryEntryWithoutOverrideAndApplyItWithOverride() {
    String phone = randomPhone();
    String key = Topics.key(WS_A, phone);
    bus.send(Topics.DNC_COMMANDS, key, command(WS_A, DncAction.ADD, phone)
        .setDncSource(io.contactsplatform.events.dnc.command.DncSource.NATIONAL_REGISTRY).build());
    changes(WS_A, phone, 1);

    DncCommand withoutOverride = command(WS_A, DncAction.REMOVE, phone)
        .setDncSource(io.contactsplatform.events.dnc.command.DncSource.NATIONAL_REGISTRY).setReason("left registry").build();
    bus.send(Topics.DNC_COMMANDS, key, withoutOverride);

    ConsumerRecord<String, byte[]> dead = bus.readRaw(Topics.DNC_COMMANDS.deadLetter(), 1, r -> key.equals(r.key())).get(0);
    assertThat(header(dead, "dlt-reason")).contains(withoutOverride.getEventId().toString()).contains("override");

    bus.send(Topics.DNC_COMMANDS, key, command(WS_A, DncAction.REMOVE, phone)
        .setDncSource(io.contactsplatform.events.dnc.command.DncSource.NATIONAL_REGISTRY).setReason("left registry")
        .setOverride(true).build());
    DncChange removed = changes(WS_A, phone, 1, c -> c.getVersion() == 2).get(0);
    assertThat(removed.getBlockedWorkspaceWide()).isFalse();
    http.get().uri("/v1/dnc/audit?phone={p}", phone).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.items[0].action").isEqualTo("REMOVED")
        .jsonPath("$.items[0].override").isEqualTo(true)
        .jsonPath("$.items[0].actor").isEqualTo("compliance-team");
  }

  // ---- contact-changes -----------------------------------------------------------------------

  @Test
  void shouldAddContactOptOutEntryWhenContactIsMarkedDoNotCallAndRemoveItWhenCleared() {
    String phone = randomPhone();
    String contactId = UUID.randomUUID().toString();

    bus.send(Topics.CONTACT_CHANGES, Topics.key(WS_A, contactId), contactChange(WS_A, contactId, 1, phone, true));

    DncChange added = changes(WS_A, phone, 1).get(0);
    assertThat(added.getVersion()).isEqualTo(1);
    assertThat(added.getEntries()).singleElement().satisfies(e -> {
      assertThat(e.getDncSource()).isEqualTo(DncSource.CONTACT_OPT_OUT);
      assertThat(e.getScope()).isEqualTo(io.contactsplatform.events.dnc.change.DncScope.WORKSPACE);
      assertThat(e.getActor()).isEqualTo("contact-service");
      assertThat(e.getReason()).isEqualTo("contact marked do-not-call");
    });
    check(TestWorkspaces.KEY_A, phone, "any").jsonPath("$.blocked").isEqualTo(true);

    bus.send(Topics.CONTACT_CHANGES, Topics.key(WS_A, contactId), contactChange(WS_A, contactId, 2, phone, false));

    DncChange cleared = changes(WS_A, phone, 1, c -> c.getVersion() == 2).get(0);
    assertThat(cleared.getEntries()).singleElement().satisfies(e -> {
      assertThat(e.getRemovedAt()).isNotNull();
      assertThat(e.getRemovedBy()).isEqualTo("contact-service");
      assertThat(e.getRemovalReason()).isEqualTo("contact do-not-call cleared");
    });
  }

  @Test
  void shouldLeaveOtherSourcesEntriesWhenContactOptOutIsCleared() {
    String phone = randomPhone();
    String contactId = UUID.randomUUID().toString();
    add(TestWorkspaces.KEY_A, Map.of("phone", phone, "reason", "operator decision"));

    bus.send(Topics.CONTACT_CHANGES, Topics.key(WS_A, contactId), contactChange(WS_A, contactId, 1, phone, true));
    changes(WS_A, phone, 1, c -> c.getVersion() == 2);
    bus.send(Topics.CONTACT_CHANGES, Topics.key(WS_A, contactId), contactChange(WS_A, contactId, 2, phone, false));

    DncChange cleared = changes(WS_A, phone, 1, c -> c.getVersion() == 3).get(0);
    assertThat(cleared.getEntries()).hasSize(2)
        .allSatisfy(e -> assertThat(e.getRemovedAt() == null).isEqualTo(e.getDncSource() == DncSource.MANUAL));
    check(TestWorkspaces.KEY_A, phone, "any").jsonPath("$.blocked").isEqualTo(true);
  }

  @Test
  void shouldIgnoreContactChangesNotNewerThanTheLastSeenVersion() {
    String first = randomPhone();
    String stale = randomPhone();
    String latest = randomPhone();
    String contactId = UUID.randomUUID().toString();
    String key = Topics.key(WS_A, contactId);

    bus.send(Topics.CONTACT_CHANGES, key, contactChange(WS_A, contactId, 1, first, true));
    bus.send(Topics.CONTACT_CHANGES, key, contactChange(WS_A, contactId, 2, first, false));
    changes(WS_A, first, 1, c -> c.getVersion() == 2);
    bus.send(Topics.CONTACT_CHANGES, key, contactChange(WS_A, contactId, 1, stale, true));
    bus.send(Topics.CONTACT_CHANGES, key, contactChange(WS_A, contactId, 3, latest, true));
    changes(WS_A, latest, 1);

    check(TestWorkspaces.KEY_A, stale, "any").jsonPath("$.blocked").isEqualTo(false);
    check(TestWorkspaces.KEY_A, latest, "any").jsonPath("$.blocked").isEqualTo(true);
  }

  @Test
  void shouldDeadLetterInvalidContactChangeAndApplyTheOnesAroundIt() {
    String before = randomPhone();
    String after = randomPhone();
    String invalidContact = UUID.randomUUID().toString();
    ContactChange invalid = contactChange(WS_A, invalidContact, 1, "4155550132", true);

    bus.send(Topics.CONTACT_CHANGES, Topics.key(WS_A, "c-" + before), contactChange(WS_A, "c-" + before, 1, before, true));
    bus.send(Topics.CONTACT_CHANGES, Topics.key(WS_A, invalidContact), invalid);
    bus.send(Topics.CONTACT_CHANGES, Topics.key(WS_A, "c-" + after), contactChange(WS_A, "c-" + after, 1, after, true));

    ConsumerRecord<String, byte[]> dead = bus.readRaw(Topics.CONTACT_CHANGES.deadLetter(), 1,
        r -> Topics.key(WS_A, invalidContact).equals(r.key())).get(0);
    assertThat(header(dead, "dlt-reason")).contains(invalid.getEventId().toString()).contains("phoneE164");
    check(TestWorkspaces.KEY_A, before, "any").jsonPath("$.blocked").isEqualTo(true);
    assertThat(changes(WS_A, after, 1).get(0).getBlockedWorkspaceWide()).isTrue();
  }

  @Test
  void shouldClearContactOptOutEntryWhenANewContactWithThatNumberHasNotOptedOut() {
    String phone = randomPhone();
    bus.send(Topics.DNC_COMMANDS, Topics.key(WS_A, phone), command(WS_A, DncAction.ADD, phone)
        .setDncSource(io.contactsplatform.events.dnc.command.DncSource.CONTACT_OPT_OUT).build());
    assertThat(changes(WS_A, phone, 1).get(0).getBlockedWorkspaceWide()).isTrue();
    String quiet = randomPhone();

    bus.send(Topics.CONTACT_CHANGES, Topics.key(WS_A, "c-" + quiet), contactChange(WS_A, "c-" + quiet, 1, quiet, false));
    String contactId = UUID.randomUUID().toString();
    bus.send(Topics.CONTACT_CHANGES, Topics.key(WS_A, contactId), contactChange(WS_A, contactId, 1, phone, false));

    DncChange cleared = changes(WS_A, phone, 1, c -> c.getVersion() == 2).get(0);
    assertThat(cleared.getBlockedWorkspaceWide()).isFalse();
    assertThat(cleared.getEntries()).singleElement().satisfies(e ->
        assertThat(e.getRemovalReason()).isEqualTo("contact do-not-call cleared"));
    check(TestWorkspaces.KEY_A, quiet, "any").jsonPath("$.blocked").isEqualTo(false);
  }

  // ---- helpers -------------------------------------------------------------------------------

  private Map<String, Object> add(String apiKey, Map<String, Object> body) {
    @SuppressWarnings("unchecked")
    Map<String, Object> entry = http.post().uri("/v1/dnc").header("Authorization", "Bearer " + apiKey)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
        .exchange().expectStatus().isCreated()
        .expectBody(Map.class).returnResult().getResponseBody();
    return new HashMap<>(entry);
  }

  private String startImport(String apiKey, String fileName, String content, String options) {
    return startImport(apiKey, fileName, content.getBytes(StandardCharsets.UTF_8), options);
  }

  private String startImport(String apiKey, String fileName, byte[] content, String options) {
    MultipartBodyBuilder body = new MultipartBodyBuilder();
    body.part("file", new ByteArrayResource(content) {
      @Override
      public String getFilename() {
        return fileName;
      }
    }).contentType(MediaType.TEXT_PLAIN);
    if (options != null) {
      body.part("options", options).contentType(MediaType.APPLICATION_JSON);
    }
    Map<?, ?> accepted = http.post().uri("/v1/dnc/imports").header("Authorization", "Bearer " + apiKey)
        .contentType(MediaType.MULTIPART_FORM_DATA).bodyValue(body.build())
        .exchange().expectStatus().isAccepted()
        .expectBody(Map.class).returnResult().getResponseBody();
    return accepted.get("importId").toString();
  }

  private void expectImportProblem(String fileName, String content, String options, int status, String detail) {
    MultipartBodyBuilder body = new MultipartBodyBuilder();
    body.part("file", new ByteArrayResource(content.getBytes(StandardCharsets.UTF_8)) {
      @Override
      public String getFilename() {
        return fileName;
      }
    });
    if (options != null) {
      body.part("options", options).contentType(MediaType.APPLICATION_JSON);
    }
    http.post().uri("/v1/dnc/imports").header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .contentType(MediaType.MULTIPART_FORM_DATA).bodyValue(body.build())
        .exchange().expectStatus().isEqualTo(status)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).startsWith(detail));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value) {
    return (Map<String, Object>) value;
  }

  /** Polls the import until it is COMPLETED or FAILED (at most 60 s) and answers its last view. */
  private Map<String, Object> awaitImport(String apiKey, String importId) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Map<String, Object> job;
    do {
      job = asMap(http.get().uri("/v1/dnc/imports/{id}", importId).header("Authorization", "Bearer " + apiKey)
          .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody());
      if ("COMPLETED".equals(job.get("status")) || "FAILED".equals(job.get("status"))) {
        return job;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    } while (System.nanoTime() < deadline);
    throw new AssertionError("import " + importId + " not finished within 60 s: " + job);
  }

  /** A US number as a registry line: {@code areacode,number} or 10 digits. */
  static String registryLine(String e164, boolean areaCodeComma) {
    String digits = e164.substring(2);
    return areaCodeComma ? digits.substring(0, 3) + "," + digits.substring(3) : digits;
  }

  static String national(String e164) {
    return "(" + e164.substring(2, 5) + ") " + e164.substring(5, 8) + "-" + e164.substring(8);
  }

  private WebTestClient.BodyContentSpec list(String query) {
    return http.get().uri("/v1/dnc?" + query).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk().expectBody();
  }

  private WebTestClient.BodyContentSpec check(String apiKey, String phone, String campaignId) {
    String uri = campaignId == null ? "/v1/dnc/check?phone={p}" : "/v1/dnc/check?phone={p}&campaignId={c}";
    return http.get().uri(uri, phone, campaignId).header("Authorization", "Bearer " + apiKey)
        .exchange().expectStatus().isOk().expectBody().jsonPath("$.phone").isEqualTo(phone);
  }

  private void expect422(Map<String, Object> body, String field) {
    http.post().uri("/v1/dnc").header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
        .exchange().expectStatus().isEqualTo(422)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).startsWith(field + ":"));
  }

  private List<DncChange> changes(String workspace, String phone, int n) {
    return changes(workspace, phone, n, c -> true);
  }

  private List<DncChange> changes(String workspace, String phone, int n,
                                  java.util.function.Predicate<DncChange> filter) {
    return bus.read(Topics.DNC_CHANGES, n,
        c -> c.getWorkspaceId().equals(workspace) && c.getPhoneE164().equals(phone) && filter.test(c));
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** A valid, random US number (NANP 415 area, 2xx-xxxx exchanges). */
  static String randomPhone() {
    return "+1415" + (200 + ThreadLocalRandom.current().nextInt(700)) + String.format("%04d",
        ThreadLocalRandom.current().nextInt(10000));
  }

  static DncCommand.Builder command(String workspace, DncAction action, String phone) {
    return DncCommand.newBuilder()
        .setEventId(UUID.randomUUID())
        .setWorkspaceId(workspace)
        .setOccurredAt(Instant.now())
        .setSource("compliance-feed")
        .setAction(action)
        .setPhone(phone)
        .setReason("regulator list")
        .setActor("compliance-team");
  }

  static ContactChange contactChange(String workspace, String contactId, long version, String phone,
                                     boolean doNotCall) {
    Instant now = Instant.now();
    return ContactChange.newBuilder()
        .setEventId(UUID.randomUUID())
        .setWorkspaceId(workspace)
        .setOccurredAt(now)
        .setSource("contact-service")
        .setContactId(contactId)
        .setVersion(version)
        .setDeleted(false)
        .setContact(ContactState.newBuilder().setPhoneE164(phone).setDoNotCall(doNotCall)
            .setCreatedAt(now).setUpdatedAt(now).build())
        .build();
  }
}
