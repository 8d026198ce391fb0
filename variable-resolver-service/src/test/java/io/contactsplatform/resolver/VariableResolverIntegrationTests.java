package io.contactsplatform.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.contactsplatform.events.audience.AudienceRow;
import io.contactsplatform.events.call.start.CallStart;
import io.contactsplatform.events.call.variables.AgentVariables;
import io.contactsplatform.events.call.variables.ResolutionStatus;
import io.contactsplatform.events.call.variables.VariableLayer;
import io.contactsplatform.events.call.variables.VariableTrace;
import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.events.contact.change.ContactState;
import io.contactsplatform.events.contact.change.ContactStatus;
import io.contactsplatform.events.contact.change.TimezoneSource;
import io.contactsplatform.events.dnc.change.DncChange;
import io.contactsplatform.events.dnc.change.DncEntryState;
import io.contactsplatform.events.dnc.change.DncScope;
import io.contactsplatform.events.dnc.change.DncSource;
import io.contactsplatform.resolver.readmodel.ContactReadModel;
import io.contactsplatform.resolver.readmodel.ContactSnapshot;
import io.contactsplatform.resolver.readmodel.DncEntry;
import io.contactsplatform.resolver.readmodel.DncReadModel;
import io.contactsplatform.schemas.SingleObjectEventCodec;
import io.contactsplatform.schemas.Topics;
import io.contactsplatform.testsupport.EventBusClient;
import io.contactsplatform.testsupport.TestWorkspaces;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
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
 * variable-resolver-service against a real broker and a MongoDB-protocol store; subclasses choose
 * the infrastructure. Read models are fed only through Kafka, and tests wait for them through the
 * resolve preview. The service's clock is fixed at Wednesday 2026-11-04 16:00Z (11:00 in New York).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@Import(FixedClockConfiguration.class)
abstract class VariableResolverIntegrationTests {

  static final Instant NOW = FixedClockConfiguration.NOW;
  static final String NEW_YORK = "America/New_York";
  static final String A = TestWorkspaces.WORKSPACE_A;
  static final String B = TestWorkspaces.WORKSPACE_B;

  @Autowired
  WebTestClient http;

  @Autowired
  ContactReadModel contacts;

  @Autowired
  DncReadModel dnc;

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

  // ---------------------------------------------------------------- campaign configs

  @Test
  void shouldStoreAndReturnCampaignVariableConfig() {
    String campaign = campaignId();
    Map<String, Object> body = Map.of(
        "allowUnknownContacts", false,
        "staticVariables", Map.of("offer", "20% off"),
        "variables", List.of(variable("first_name", "contact.first_name", true, null),
            variable("plan", "cf:plan", false, "basic")),
        "callingWindow", Map.of("start", "09:00", "end", "20:00", "days", List.of("MON", "TUE", "WED", "THU", "FRI")));

    http.put().uri("/v1/campaigns/{id}/variables", campaign).header("Authorization", bearer(A))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
        .exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.campaignId").isEqualTo(campaign)
        .jsonPath("$.staticVariables.offer").isEqualTo("20% off")
        .jsonPath("$.variables[1].binding").isEqualTo("cf.plan");

    http.get().uri("/v1/campaigns/{id}/variables", campaign).header("Authorization", bearer(A))
        .exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.allowUnknownContacts").isEqualTo(false)
        .jsonPath("$.staticVariables.offer").isEqualTo("20% off")
        .jsonPath("$.variables[0].name").isEqualTo("first_name")
        .jsonPath("$.variables[0].binding").isEqualTo("contact.first_name")
        .jsonPath("$.variables[0].required").isEqualTo(true)
        .jsonPath("$.variables[1].defaultValue").isEqualTo("basic")
        .jsonPath("$.callingWindow.start").isEqualTo("09:00")
        .jsonPath("$.callingWindow.end").isEqualTo("20:00")
        .jsonPath("$.callingWindow.days.length()").isEqualTo(5)
        .jsonPath("$.updatedAt").isEqualTo("2026-11-04T16:00:00Z");
  }

  @Test
  void shouldRejectUnknownBindingWithProblemNamingTheVariable() {
    http.put().uri("/v1/campaigns/{id}/variables", campaignId()).header("Authorization", bearer(A))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("variables", List.of(variable("owner_name", "crm.owner", false, null))))
        .exchange().expectStatus().isEqualTo(422)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("owner_name")
            .contains("crm.owner"));
  }

  @Test
  void shouldHideAnotherWorkspacesCampaignConfig() {
    String campaign = campaignId();
    putCampaign(B, campaign, Map.of("allowUnknownContacts", true, "staticVariables", Map.of("offer", "secret")));

    http.get().uri("/v1/campaigns/{id}/variables", campaign).header("Authorization", bearer(A))
        .exchange().expectStatus().isNotFound()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    http.get().uri("/v1/campaigns/{id}/variables", campaign).header("Authorization", bearer(B))
        .exchange().expectStatus().isOk();
    Map<String, Object> inA = resolve(A, resolveBody(campaign, randomPhone(), null, Map.of()));
    assertThat(inA.get("status")).isEqualTo("BLOCKED_INVALID_REQUEST");
    assertThat(inA.get("reason").toString()).contains(campaign);
  }

  @Test
  void shouldAnswer401ProblemWithoutKey() {
    http.post().uri("/v1/resolve").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("campaignId", "x"))
        .exchange().expectStatus().isUnauthorized()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    http.get().uri("/v1/campaigns/x/variables").header("Authorization", "Bearer not-a-key")
        .exchange().expectStatus().isUnauthorized();
  }

  // ---------------------------------------------------------------- resolution through the preview

  @Test
  void shouldAnswerReadyWithContactAndStaticVariables() {
    String campaign = campaignId();
    putCampaign(A, campaign, Map.of("staticVariables", Map.of("offer", "20% off"),
        "variables", List.of(variable("first_name", "contact.first_name", true, null))));
    ContactChange ada = contactChange(A, randomPhone(), "Ada");
    sendContact(ada);

    Map<String, Object> r = awaitResolve(A, resolveBody(campaign, ada.getContact().getPhoneE164(), null, Map.of()),
        status("READY"));

    assertThat(r.get("contactId")).isEqualTo(ada.getContactId());
    assertThat(r.get("phone")).isEqualTo(ada.getContact().getPhoneE164());
    assertThat(variables(r)).containsEntry("first_name", "Ada").containsEntry("offer", "20% off")
        .containsEntry("contact.company", "Analytical Engines").containsEntry("cf.plan", "gold")
        .containsEntry("system.contact_id", ada.getContactId())
        .containsEntry("system.local_time", "2026-11-04T11:00:00");
    assertThat(traces(r)).contains(
        Map.of("name", "first_name", "layer", "CONTACT", "detail", "contact.first_name"),
        Map.of("name", "offer", "layer", "STATIC", "detail", "staticVariables.offer"));
    assertThat(strings(r, "missing")).isEmpty();
  }

  @Test
  void shouldBlockCallWhenNumberIsOnWorkspaceDnc() {
    String campaign = campaignId();
    putCampaign(A, campaign, Map.of("staticVariables", Map.of("offer", "x")));
    ContactChange contact = contactChange(A, randomPhone(), "Grace");
    String phone = contact.getContact().getPhoneE164();
    sendContact(contact);
    awaitResolve(A, resolveBody(campaign, phone, null, Map.of()), status("READY"));

    sendDnc(dncChange(A, phone, 1, dncEntry(DncScope.WORKSPACE, null, DncSource.CALL_OPT_OUT, "asked on call", null)));

    Map<String, Object> r = awaitResolve(A, resolveBody(campaign, phone, null, Map.of()), status("BLOCKED_DNC"));
    assertThat(r.get("reason").toString()).contains("CALL_OPT_OUT").contains("asked on call");
    assertThat(variables(r)).isEmpty();
  }

  @Test
  void shouldAllowCallAgainOnceDncEntryIsRemoved() {
    String campaign = campaignId();
    putCampaign(A, campaign, Map.of());
    ContactChange contact = contactChange(A, randomPhone(), "Edsger");
    String phone = contact.getContact().getPhoneE164();
    sendContact(contact);
    sendDnc(dncChange(A, phone, 1, dncEntry(DncScope.WORKSPACE, null, DncSource.MANUAL, "complaint", null)));
    awaitResolve(A, resolveBody(campaign, phone, null, Map.of()), status("BLOCKED_DNC"));

    sendDnc(dncChange(A, phone, 2, dncEntry(DncScope.WORKSPACE, null, DncSource.MANUAL, "complaint", NOW.minusSeconds(60))));

    awaitResolve(A, resolveBody(campaign, phone, null, Map.of()), status("READY"));
  }

  @Test
  void shouldBlockCallWhenNumberIsOnCampaignDnc() {
    String blockedCampaign = campaignId();
    String otherCampaign = campaignId();
    putCampaign(A, blockedCampaign, Map.of());
    putCampaign(A, otherCampaign, Map.of());
    ContactChange contact = contactChange(A, randomPhone(), "Barbara");
    String phone = contact.getContact().getPhoneE164();
    sendContact(contact);

    sendDnc(dncChange(A, phone, 1, dncEntry(DncScope.CAMPAIGN, blockedCampaign, DncSource.IMPORT, "suppression list", null)));

    Map<String, Object> blocked = awaitResolve(A, resolveBody(blockedCampaign, phone, null, Map.of()),
        status("BLOCKED_DNC"));
    assertThat(blocked.get("reason").toString()).contains("campaign " + blockedCampaign).contains("suppression list");
    assertThat(resolve(A, resolveBody(otherCampaign, phone, null, Map.of())).get("status")).isEqualTo("READY");
  }

  @Test
  void shouldBlockUnknownContact() {
    String campaign = campaignId();
    putCampaign(A, campaign, Map.of("staticVariables", Map.of("offer", "x")));

    Map<String, Object> byPhone = resolve(A, resolveBody(campaign, randomPhone(), null, Map.of()));
    Map<String, Object> byId = resolve(A, resolveBody(campaign, randomPhone(), UUID.randomUUID().toString(), Map.of()));

    assertThat(byPhone.get("status")).isEqualTo("BLOCKED_UNKNOWN_CONTACT");
    assertThat(byId.get("status")).isEqualTo("BLOCKED_UNKNOWN_CONTACT");
    assertThat(variables(byPhone)).isEmpty();
  }

  @Test
  void shouldResolveRawNumberWhenCampaignAllowsUnknownContacts() {
    String campaign = campaignId();
    putCampaign(A, campaign, Map.of("allowUnknownContacts", true, "staticVariables", Map.of("offer", "x")));
    String phone = randomPhone();

    Map<String, Object> r = awaitResolve(A, resolveBody(campaign, phone, null, Map.of()), status("READY"));

    assertThat(r.get("contactId")).isNull();
    assertThat(variables(r)).containsEntry("offer", "x").containsEntry("system.phone", phone)
        .containsEntry("system.local_time", "2026-11-04T08:00:00") // 415 area: Los Angeles
        .doesNotContainKey("system.contact_id");
  }

  @Test
  void shouldPreferRuntimeOverAudienceOverStaticOverDefault() {
    String campaign = campaignId();
    putCampaign(A, campaign, Map.of(
        "staticVariables", Map.of("a", "static-a", "b", "static-b", "c", "static-c"),
        "variables", List.of(
            variable("a", "audience.Plan", true, "default-a"),
            variable("b", "audience.Plan", true, "default-b"),
            variable("c", "audience.Missing", true, "default-c"),
            variable("d", null, true, "default-d"))));
    ContactChange contact = contactChange(A, randomPhone(), "Alan");
    String phone = contact.getContact().getPhoneE164();
    sendContact(contact);
    bus.send(Topics.AUDIENCE_ROWS, Topics.key(A, campaign + ":" + phone), AudienceRow.newBuilder()
        .setEventId(UUID.randomUUID()).setWorkspaceId(A).setOccurredAt(NOW).setSource("import-service")
        .setCampaignId(campaign).setPhoneE164(phone).setImportId("import-1").setRowNumber(3L)
        .setColumns(Map.of("Plan", "Premium", "phone", phone)).build());
    Map<String, String> runtime = new LinkedHashMap<>();
    runtime.put("a", "runtime-a");
    runtime.put("b", "");

    Map<String, Object> r = awaitResolve(A, resolveBody(campaign, phone, null, runtime),
        status("READY").and(m -> "Premium".equals(variables(m).get("b"))));

    assertThat(variables(r)).containsEntry("a", "runtime-a").containsEntry("b", "Premium")
        .containsEntry("c", "static-c").containsEntry("d", "default-d");
    assertThat(traces(r)).contains(
        Map.of("name", "a", "layer", "RUNTIME", "detail", "runtimeVariables.a"),
        Map.of("name", "b", "layer", "AUDIENCE", "detail", "audience column 'Plan'"),
        Map.of("name", "c", "layer", "STATIC", "detail", "staticVariables.c"),
        Map.of("name", "d", "layer", "DEFAULT", "detail", "declared default"));
    assertThat(strings(r, "defaultsUsed")).containsExactly("d");
  }

  @Test
  void shouldBlockMissingRequiredVariable() {
    String campaign = campaignId();
    putCampaign(A, campaign, Map.of("variables", List.of(
        variable("first_name", "contact.first_name", true, null),
        variable("last_name", "contact.last_name", true, null),
        variable("account_manager", "cf.account_manager", true, null))));
    ContactChange contact = contactChange(A, randomPhone(), "Margaret");
    sendContact(contact);

    Map<String, Object> r = awaitResolve(A, resolveBody(campaign, contact.getContact().getPhoneE164(), null, Map.of()),
        status("BLOCKED_MISSING_VARIABLES"));

    assertThat(strings(r, "missing")).containsExactly("last_name", "account_manager");
    assertThat(r.get("reason").toString()).contains("last_name");
    assertThat(variables(r)).containsEntry("first_name", "Margaret");
  }

  @Test
  void shouldBlockOutsideCallingWindowWithNextAllowedTime() {
    String campaign = campaignId();
    putCampaign(A, campaign, Map.of("callingWindow",
        Map.of("start", "09:00", "end", "10:00", "days", List.of("MON", "TUE", "WED", "THU", "FRI"))));
    ContactChange contact = contactChange(A, randomPhone(), "Katherine");
    sendContact(contact);

    Map<String, Object> r = awaitResolve(A, resolveBody(campaign, contact.getContact().getPhoneE164(), null, Map.of()),
        status("BLOCKED_OUTSIDE_WINDOW"));

    // 11:00 Wednesday in New York; the window opens again Thursday 09:00 EST
    assertThat(r.get("nextAllowedAt")).isEqualTo("2026-11-05T14:00:00Z");
    assertThat(r.get("reason").toString()).contains("09:00-10:00").contains(NEW_YORK);
  }

  @Test
  void shouldExposeDncReadModelHealthAndResolutionMetrics() {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        http.get().uri("/actuator/health/dncReadModel").exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP"));
    http.get().uri("/actuator/health").exchange().expectStatus().isOk()
        .expectBody().jsonPath("$.components.dncReadModel.details.caughtUp").isEqualTo(true);

    resolve(A, resolveBody(campaignId(), randomPhone(), null, Map.of()));
    String metrics = http.get().uri("/actuator/prometheus").header("Authorization", bearer(A))
        .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    assertThat(metrics).contains("platform_resolver_resolutions_total{").contains("status=\"BLOCKED_INVALID_REQUEST\"");
  }

  // ---------------------------------------------------------------- read models, applied directly

  @Test
  void shouldApplyOnlyNewerContactVersionsAndMoveThePhoneKey() {
    String x = randomPhone();
    String y = randomPhone();
    ContactChange v2 = contactChange(A, y, "Two");
    v2.setVersion(2);
    ContactChange v1 = copy(v2, 1, x, "One");

    contacts.apply(v2).block();
    contacts.apply(v1).block();
    assertThat(contacts.byPhone(A, y).map(ContactSnapshot::firstName).block()).isEqualTo("Two");
    assertThat(contacts.byPhone(A, x).block()).isNull();

    ContactChange v3 = copy(v2, 3, x, "Three");
    contacts.apply(v3).block();
    assertThat(contacts.byPhone(A, y).block()).as("old number released").isNull();
    assertThat(contacts.byPhone(A, x).map(ContactSnapshot::firstName).block()).isEqualTo("Three");
    assertThat(contacts.byPhone(B, x).block()).as("other workspace").isNull();

    ContactChange erased = copy(v2, 4, x, null);
    erased.getContact().setStatus(ContactStatus.ERASED);
    contacts.apply(erased).block();
    contacts.apply(v3).block();
    assertThat(contacts.byId(A, v2.getContactId()).block()).isNull();
    assertThat(contacts.byPhone(A, x).block()).isNull();
  }

  @Test
  void shouldApplyOnlyNewerDncVersions() {
    String phone = randomPhone();
    DncChange removed = dncChange(A, phone, 2, dncEntry(DncScope.WORKSPACE, null, DncSource.MANUAL, "r", NOW));
    DncChange active = dncChange(A, phone, 1, dncEntry(DncScope.WORKSPACE, null, DncSource.MANUAL, "r", null));

    dnc.apply(removed).block();
    dnc.apply(active).block();

    List<DncEntry> entries = dnc.entries(A, phone).block();
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).removedAt()).isEqualTo(NOW);
    assertThat(dnc.entries(B, phone).block()).isEmpty();
  }

  // ---------------------------------------------------------------- Kafka: call-starts → agent-variables

  @Test
  void shouldAnswerCallStartOnAgentVariablesTopic() {
    String campaign = campaignId();
    putCampaign(A, campaign, Map.of("staticVariables", Map.of("offer", "20% off"),
        "variables", List.of(variable("first_name", "contact.first_name", true, null),
            variable("company", "contact.company", false, null))));
    ContactChange ready = contactChange(A, randomPhone(), "Ada");
    ContactChange onDnc = contactChange(A, randomPhone(), "Blocked");
    String readyPhone = ready.getContact().getPhoneE164();
    String dncPhone = onDnc.getContact().getPhoneE164();
    sendContact(ready);
    sendContact(onDnc);
    sendDnc(dncChange(A, dncPhone, 1, dncEntry(DncScope.WORKSPACE, null, DncSource.COMPLIANCE_FEED, "registry", null)));
    awaitResolve(A, resolveBody(campaign, readyPhone, null, Map.of()), status("READY"));
    awaitResolve(A, resolveBody(campaign, dncPhone, null, Map.of()), status("BLOCKED_DNC"));

    CallStart first = callStart(A, campaign, readyPhone, null);
    CallStart second = callStart(A, campaign, dncPhone, onDnc.getContactId());
    bus.send(Topics.CALL_STARTS, Topics.key(A, first.getCallId()), first);
    bus.send(Topics.CALL_STARTS, Topics.key(A, second.getCallId()), second);

    AgentVariables readyAnswer = answerTo(first);
    assertThat(readyAnswer.getStatus()).isEqualTo(ResolutionStatus.READY);
    assertThat(readyAnswer.getWorkspaceId()).isEqualTo(A);
    assertThat(readyAnswer.getCallStartEventId()).isEqualTo(first.getEventId().toString());
    assertThat(readyAnswer.getContactId()).isEqualTo(ready.getContactId());
    assertThat(readyAnswer.getPhoneE164()).isEqualTo(readyPhone);
    assertThat(readyAnswer.getVariables()).containsEntry("first_name", "Ada")
        .containsEntry("company", "Analytical Engines").containsEntry("offer", "20% off");
    assertThat(readyAnswer.getTrace()).contains(
        new VariableTrace("first_name", VariableLayer.CONTACT, "contact.first_name"),
        new VariableTrace("offer", VariableLayer.STATIC, "staticVariables.offer"));
    ConsumerRecord<String, byte[]> raw = bus.readRaw(Topics.AGENT_VARIABLES.name(), 1,
        rec -> decode(rec).getCallId().equals(first.getCallId())).get(0);
    assertThat(raw.key()).isEqualTo(Topics.key(A, first.getCallId()));

    AgentVariables blockedAnswer = answerTo(second);
    assertThat(blockedAnswer.getStatus()).isEqualTo(ResolutionStatus.BLOCKED_DNC);
    assertThat(blockedAnswer.getReason()).contains("registry");
    assertThat(blockedAnswer.getVariables()).isEmpty();
  }

  @Test
  void shouldPublishNothingForResolvePreview() {
    String campaign = campaignId();
    putCampaign(A, campaign, Map.of("allowUnknownContacts", true));
    String callId = "preview-" + UUID.randomUUID();
    String phone = randomPhone();
    resolve(A, Map.of("callId", callId, "campaignId", campaign, "phone", phone));

    CallStart start = callStart(A, campaign, phone, null);
    start.setCallId(callId);
    bus.send(Topics.CALL_STARTS, Topics.key(A, callId), start);

    // the preview would have used the same key, hence the same partition, ahead of the Kafka answer
    AgentVariables firstForCall = bus.read(Topics.AGENT_VARIABLES, 1, a -> a.getCallId().equals(callId)).get(0);
    assertThat(firstForCall.getCallStartEventId()).isEqualTo(start.getEventId().toString());
  }

  @Test
  void shouldDeadLetterGarbageCallStartAndStillAnswerNextOnSameKey() {
    CallStart good = callStart(A, campaignId(), randomPhone(), null);
    String key = Topics.key(A, good.getCallId());
    byte[] garbage = ("garbage-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);

    bus.sendRaw(Topics.CALL_STARTS.name(), key, garbage);
    bus.send(Topics.CALL_STARTS, key, good);

    ConsumerRecord<String, byte[]> dead = bus.readRaw(Topics.CALL_STARTS.deadLetter(), 1,
        r -> Arrays.equals(r.value(), garbage)).get(0);
    assertThat(header(dead, "dlt-reason")).contains("CallStart");
    assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo("call-starts");
    assertThat(answerTo(good).getStatus()).as("unknown campaign, still answered")
        .isEqualTo(ResolutionStatus.BLOCKED_INVALID_REQUEST);
  }

  @Test
  void shouldDeadLetterCallStartWithoutCallId() {
    CallStart noCallId = callStart(A, campaignId(), randomPhone(), null);
    noCallId.setCallId("");
    String key = "no-call-id-" + UUID.randomUUID();

    bus.send(Topics.CALL_STARTS, key, noCallId);

    ConsumerRecord<String, byte[]> dead = bus.readRaw(Topics.CALL_STARTS.deadLetter(), 1,
        r -> key.equals(r.key())).get(0);
    assertThat(header(dead, "dlt-reason")).contains("no callId");
  }

  @Test
  void shouldDeadLetterInvalidDncChangeAndKeepApplyingTheNextOnSameKey() {
    String campaign = campaignId();
    putCampaign(A, campaign, Map.of());
    ContactChange contact = contactChange(A, randomPhone(), "Ada");
    String phone = contact.getContact().getPhoneE164();
    sendContact(contact);
    DncChange invalid = dncChange(A, phone, 1, dncEntry(DncScope.CAMPAIGN, null, DncSource.MANUAL, "no campaign", null));
    DncChange valid = dncChange(A, phone, 2, dncEntry(DncScope.WORKSPACE, null, DncSource.MANUAL, "valid", null));

    sendDnc(invalid);
    sendDnc(valid);

    ConsumerRecord<String, byte[]> dead = bus.readRaw(Topics.DNC_CHANGES.deadLetter(), 1,
        r -> Topics.key(A, phone).equals(r.key())).get(0);
    assertThat(header(dead, "dlt-reason")).contains("CAMPAIGN scope but no campaignId");
    assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo("dnc-changes");
    Map<String, Object> r = awaitResolve(A, resolveBody(campaign, phone, null, Map.of()), status("BLOCKED_DNC"));
    assertThat(r.get("reason").toString()).contains("valid");
  }

  @Test
  void shouldNeverResolveAnotherWorkspacesContact() {
    String campaign = campaignId();
    putCampaign(A, campaign, Map.of("staticVariables", Map.of("offer", "a")));
    putCampaign(B, campaign, Map.of("staticVariables", Map.of("offer", "b")));
    ContactChange inB = contactChange(B, randomPhone(), "Secret");
    String phone = inB.getContact().getPhoneE164();
    sendContact(inB);
    awaitResolve(B, resolveBody(campaign, phone, null, Map.of()), status("READY"));

    CallStart byId = callStart(A, campaign, phone, inB.getContactId());
    CallStart byPhone = callStart(A, campaign, phone, null);
    bus.send(Topics.CALL_STARTS, Topics.key(A, byId.getCallId()), byId);
    bus.send(Topics.CALL_STARTS, Topics.key(A, byPhone.getCallId()), byPhone);

    for (CallStart start : List.of(byId, byPhone)) {
      AgentVariables answer = answerTo(start);
      assertThat(answer.getStatus()).isEqualTo(ResolutionStatus.BLOCKED_UNKNOWN_CONTACT);
      assertThat(answer.getVariables()).isEmpty();
    }
    assertThat(resolve(A, resolveBody(campaign, phone, inB.getContactId(), Map.of())).get("status"))
        .isEqualTo("BLOCKED_UNKNOWN_CONTACT");
  }

  // ---------------------------------------------------------------- helpers

  private AgentVariables answerTo(CallStart start) {
    return bus.read(Topics.AGENT_VARIABLES, 1,
        a -> start.getEventId().toString().equals(a.getCallStartEventId())).get(0);
  }

  private static AgentVariables decode(ConsumerRecord<String, byte[]> record) {
    return new SingleObjectEventCodec().decode(AgentVariables.class, record.value());
  }

  private void putCampaign(String workspace, String campaign, Map<String, Object> body) {
    http.put().uri("/v1/campaigns/{id}/variables", campaign).header("Authorization", bearer(workspace))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
        .exchange().expectStatus().isOk();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> resolve(String workspace, Map<String, Object> body) {
    return http.post().uri("/v1/resolve").header("Authorization", bearer(workspace))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
        .exchange().expectStatus().isOk()
        .expectBody(Map.class).returnResult().getResponseBody();
  }

  /** Polls the preview until the read models show what the test sent (30 s at most). */
  private Map<String, Object> awaitResolve(String workspace, Map<String, Object> body,
                                           Predicate<Map<String, Object>> until) {
    return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> resolve(workspace, body), until::test);
  }

  private static Predicate<Map<String, Object>> status(String status) {
    return r -> status.equals(r.get("status"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> variables(Map<String, Object> resolution) {
    return (Map<String, String>) resolution.get("variables");
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Map<String, Object> resolution, String field) {
    return (List<String>) resolution.get(field);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> traces(Map<String, Object> resolution) {
    return (List<Map<String, Object>>) resolution.get("trace");
  }

  private void sendContact(ContactChange change) {
    bus.send(Topics.CONTACT_CHANGES, Topics.key(change.getWorkspaceId(), change.getContactId()), change);
  }

  private void sendDnc(DncChange change) {
    bus.send(Topics.DNC_CHANGES, Topics.key(change.getWorkspaceId(), change.getPhoneE164()), change);
  }

  private static Map<String, Object> resolveBody(String campaign, String phone, String contactId,
                                                 Map<String, String> runtime) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("campaignId", campaign);
    body.put("phone", phone);
    if (contactId != null) {
      body.put("contactId", contactId);
    }
    body.put("runtimeVariables", runtime);
    return body;
  }

  private static Map<String, Object> variable(String name, String binding, boolean required, String defaultValue) {
    Map<String, Object> variable = new LinkedHashMap<>();
    variable.put("name", name);
    variable.put("binding", binding);
    variable.put("required", required);
    variable.put("defaultValue", defaultValue);
    return variable;
  }

  private static String bearer(String workspace) {
    return "Bearer " + (A.equals(workspace) ? TestWorkspaces.KEY_A : TestWorkspaces.KEY_B);
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  static String campaignId() {
    return "campaign-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A valid, random US number in the 415 area (Los Angeles time zone). */
  static String randomPhone() {
    return "+1415" + (200 + ThreadLocalRandom.current().nextInt(700)) + String.format("%04d",
        ThreadLocalRandom.current().nextInt(10000));
  }

  static ContactChange contactChange(String workspace, String phone, String firstName) {
    Map<String, Object> custom = new LinkedHashMap<>();
    custom.put("plan", "gold");
    ContactState state = ContactState.newBuilder()
        .setPhoneE164(phone)
        .setFirstName(firstName)
        .setCompany("Analytical Engines")
        .setTimezone(NEW_YORK)
        .setTimezoneSource(TimezoneSource.PROVIDED)
        .setTimezoneCandidates(List.of(NEW_YORK))
        .setCustomFields(custom)
        .setCreatedAt(NOW.minusSeconds(3600))
        .setUpdatedAt(NOW.minusSeconds(3600))
        .build();
    return ContactChange.newBuilder()
        .setEventId(UUID.randomUUID())
        .setWorkspaceId(workspace)
        .setOccurredAt(NOW)
        .setSource("contact-service")
        .setContactId(UUID.randomUUID().toString())
        .setVersion(1)
        .setContact(state)
        .build();
  }

  private static ContactChange copy(ContactChange original, long version, String phone, String firstName) {
    ContactChange copy = ContactChange.newBuilder(original).setEventId(UUID.randomUUID()).setVersion(version)
        .setContact(ContactState.newBuilder(original.getContact()).setPhoneE164(phone).setFirstName(firstName).build())
        .build();
    return copy;
  }

  static DncEntryState dncEntry(DncScope scope, String campaignId, DncSource source, String reason, Instant removedAt) {
    return DncEntryState.newBuilder()
        .setEntryId(UUID.randomUUID().toString())
        .setScope(scope)
        .setCampaignId(campaignId)
        .setDncSource(source)
        .setReason(reason)
        .setActor("compliance@example.com")
        .setCreatedAt(NOW.minusSeconds(7200))
        .setRemovedAt(removedAt)
        .setRemovedBy(removedAt == null ? null : "compliance@example.com")
        .setRemovalReason(removedAt == null ? null : "consent given")
        .build();
  }

  static DncChange dncChange(String workspace, String phone, long version, DncEntryState... entries) {
    return DncChange.newBuilder()
        .setEventId(UUID.randomUUID())
        .setWorkspaceId(workspace)
        .setOccurredAt(NOW)
        .setSource("dnc-service")
        .setPhoneE164(phone)
        .setVersion(version)
        .setEntries(List.of(entries))
        .build();
  }

  static CallStart callStart(String workspace, String campaign, String phone, String contactId) {
    return CallStart.newBuilder()
        .setEventId(UUID.randomUUID())
        .setWorkspaceId(workspace)
        .setOccurredAt(NOW)
        .setSource("dialer-test")
        .setCallId("call-" + UUID.randomUUID())
        .setCampaignId(campaign)
        .setPhone(phone)
        .setContactId(contactId)
        .build();
  }
}
