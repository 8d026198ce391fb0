package io.contactsplatform.dncservice;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.events.contact.change.ContactState;
import io.contactsplatform.events.dnc.change.DncChange;
import io.contactsplatform.events.dnc.change.DncEntryState;
import io.contactsplatform.events.dnc.change.DncSource;
import io.contactsplatform.events.dnc.command.DncAction;
import io.contactsplatform.events.dnc.command.DncCommand;
import io.contactsplatform.events.dnc.command.DncScope;
import io.contactsplatform.schemas.Topics;
import io.contactsplatform.testsupport.EventBusClient;
import io.contactsplatform.testsupport.TestWorkspaces;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * dnc-service against a real broker and a MongoDB-protocol store; subclasses choose the
 * infrastructure (embedded, or real images through Testcontainers). Every test uses its own random
 * numbers, so tests sharing the broker and database select their own records.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
abstract class DncServiceIntegrationTests {

  static final String WS_A = TestWorkspaces.WORKSPACE_A;
  static final String WS_B = TestWorkspaces.WORKSPACE_B;

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

  // ---- REST ----------------------------------------------------------------------------------

  @Test
  void shouldPublishVersionOneWithTheEntryAndBlockEveryCampaignWhenAddedThroughApi() {
    String phone = randomPhone();
    String national = "(" + phone.substring(2, 5) + ") " + phone.substring(5, 8) + "-" + phone.substring(8);

    Map<String, Object> entry = add(TestWorkspaces.KEY_A, Map.of("phone", national, "reason", "asked not to be called"));

    assertThat(entry).containsEntry("phone", phone).containsEntry("scope", "WORKSPACE")
        .containsEntry("source", "MANUAL").containsEntry("actor", "api").containsEntry("active", true)
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
        .jsonPath("$.removedBy").isEqualTo("alice")
        .jsonPath("$.removalReason").isEqualTo("consent given")
        .jsonPath("$.removedAt").isNotEmpty();

    DncChange removal = changes(WS_A, phone, 1, c -> c.getVersion() == 2).get(0);
    assertThat(removal.getEntries()).singleElement().satisfies(e -> {
      assertThat(e.getEntryId()).isEqualTo(entryId);
      assertThat(e.getRemovedAt()).isNotNull();
      assertThat(e.getRemovedBy()).isEqualTo("alice");
      assertThat(e.getReason()).isEqualTo("asked");
    });
    check(TestWorkspaces.KEY_A, phone, "any").jsonPath("$.blocked").isEqualTo(false);
    http.get().uri("/v1/dnc/audit?phone={p}", phone).header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.items.length()").isEqualTo(2)
        .jsonPath("$.items[0].action").isEqualTo("REMOVED")
        .jsonPath("$.items[0].actor").isEqualTo("alice")
        .jsonPath("$.items[0].reason").isEqualTo("consent given")
        .jsonPath("$.items[0].version").isEqualTo(2)
        .jsonPath("$.items[1].action").isEqualTo("ADDED")
        .jsonPath("$.items[1].actor").isEqualTo("api")
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
        .exchange().expectStatus().isEqualTo(422)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).startsWith("reason"));
    http.delete().uri("/v1/dnc/entries/{id}?phone={p}&reason=consent", entryId, phone)
        .header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isEqualTo(422)
        .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).startsWith("actor"));
    check(TestWorkspaces.KEY_A, phone, null).jsonPath("$.blocked").isEqualTo(true);
  }

  @Test
  void shouldAcceptRemovalReasonAndActorAsQueryParameters() {
    String phone = randomPhone();
    String entryId = add(TestWorkspaces.KEY_A, Map.of("phone", phone, "reason", "asked")).get("entryId").toString();

    http.delete().uri("/v1/dnc/entries/{id}?phone={p}&reason={r}&actor={a}", entryId, phone, "consent", "bob")
        .header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
        .exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.removedBy").isEqualTo("bob").jsonPath("$.active").isEqualTo(false);
  }

  @Test
  void shouldPageThroughTheWorkspacesNumbersWithCursor() {
    List<String> mine = List.of(randomPhone(), randomPhone(), randomPhone());
    mine.forEach(p -> add(TestWorkspaces.KEY_A, Map.of("phone", p, "reason", "asked")));

    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Map<?, ?> page = http.get().uri(cursor == null ? "/v1/dnc?pageSize=2" : "/v1/dnc?pageSize=2&cursor=" + cursor)
          .header("Authorization", "Bearer " + TestWorkspaces.KEY_A)
          .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
      for (Object item : (List<?>) page.get("items")) {
        Map<?, ?> number = (Map<?, ?>) item;
        seen.add(number.get("phone").toString());
        if (mine.contains(number.get("phone"))) {
          assertThat(number.get("blocked")).isEqualTo(true);
          assertThat((List<?>) number.get("entries")).hasSize(1);
        }
      }
      cursor = (String) page.get("nextCursor");
      pages++;
    } while (cursor != null && pages < 500);

    assertThat(seen).containsAll(mine).doesNotHaveDuplicates();
    assertThat(pages).isGreaterThanOrEqualTo(2);
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
    http.get().uri("/actuator/health").exchange().expectStatus().isOk();
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

  // ---- helpers -------------------------------------------------------------------------------

  private Map<String, Object> add(String apiKey, Map<String, Object> body) {
    @SuppressWarnings("unchecked")
    Map<String, Object> entry = http.post().uri("/v1/dnc").header("Authorization", "Bearer " + apiKey)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
        .exchange().expectStatus().isCreated()
        .expectBody(Map.class).returnResult().getResponseBody();
    return new HashMap<>(entry);
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
