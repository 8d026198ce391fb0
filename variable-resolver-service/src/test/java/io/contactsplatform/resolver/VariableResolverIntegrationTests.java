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
import io.contactsplatform.resolver.state.ResolverStreams;
import io.contactsplatform.resolver.state.ResolverStreamsProperties;
import io.contactsplatform.schemas.SingleObjectEventCodec;
import io.contactsplatform.schemas.Topics;
import io.contactsplatform.testsupport.EventBusClient;
import io.contactsplatform.testsupport.OpenApiSpecs;
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
import io.contactsplatform.testsupport.QueryIndexCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * variable-resolver-service against a real broker and a MongoDB-protocol store; subclasses choose
 * the infrastructure. Read models are fed only through Kafka, and tests wait for them through the
 * resolve preview. The service's clock is fixed at Wednesday 2026-11-04 16:00Z (11:00 in New York).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "platform.resolver.dnc-readiness.poll-interval=200ms", "platform.resolver.dnc-readiness.max-lag=3s",
    "platform.resolver.streams.application-id=${spring.kafka.consumer.group-id}",
    "platform.resolver.streams.state-dir=${java.io.tmpdir}/resolver-test-state/${spring.kafka.consumer.group-id}"})
@AutoConfigureWebTestClient(timeout = "30s")
@Import({FixedClockConfiguration.class, QueryIndexCheck.Recording.class})
// closed after the class: a cached context's Streams application would keep answering every call-start on the
// shared embedded broker, racing the resolver instances the later test classes start
@org.springframework.test.annotation.DirtiesContext
abstract class VariableResolverIntegrationTests implements CampaignVersionScenarios {

  /** Every query the scenarios ran is served by an index the service declared at startup. */
  @org.junit.jupiter.api.AfterAll
  static void everyQueryIsServedByADeclaredIndex(
      @Autowired com.mongodb.reactivestreams.client.MongoDatabase database) {
    org.assertj.core.api.Assertions.assertThat(QueryIndexCheck.unserved(database, java.util.Set.of())).isEmpty();
  }


  static final Instant NOW = FixedClockConfiguration.NOW;
  static final String NEW_YORK = "America/New_York";
  static final String A = TestWorkspaces.WORKSPACE_A;
  static final String B = TestWorkspaces.WORKSPACE_B;

  @Autowired
  WebTestClient http;

  @org.springframework.boot.test.web.server.LocalManagementPort
  int managementPort;

  @org.springframework.boot.test.web.server.LocalServerPort
  int port;

  /**
   * The management port (health with details, prometheus): no API key, not on the API port. The
   * scrape grows with the meters the whole class registers (it passed WebClient's default 256 KB
   * buffer once the class had run most of its tests), so the client may buffer 4 MB.
   */
  WebTestClient management() {
    return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort)
        .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 << 20)).build();
  }

  @Autowired
  ResolverStreams streams;

  @Autowired
  ResolverStreamsProperties streamsProperties;

  @Value("${spring.kafka.bootstrap-servers}")
  String bootstrapServers;

  EventBusClient bus;

  @Override
  public WebTestClient http() {
    return http;
  }

  /** contact-service's REST, faked: custom field keys and segment members per API key. */
  @DynamicPropertySource
  static void contactService(DynamicPropertyRegistry registry) {
    registry.add("platform.resolver.contact-service.base-url", () -> FakeContactService.get().baseUrl());
  }

  /**
   * The bad-input table ({@link io.contactsplatform.testsupport.badinput.BadInputTable}) over every
   * operation of the committed spec, in workspace C holding one campaign config (version 1).
   */
  @Test
  void shouldAnswerEveryBadInputToEveryEndpointWithAProblemAndChangeNothing() {
    String campaign = "bad-input";
    Map<String, Object> config = new java.util.LinkedHashMap<>();
    config.put("variables", List.of(Map.of("name", "first_name", "binding", "contact.first_name", "required", true),
        Map.of("name", "offer", "binding", "static", "value", "20% off")));
    config.put("staticVariables", Map.of("company_name", "Acme"));
    config.put("callingWindow", Map.of("days", List.of("MON", "TUE"), "start", "08:00", "end", "21:00"));
    config.put("fallbackTimezone", "America/Chicago");
    config.put("allowUnknownContacts", false);
    config.put("missingRequired", "BLOCK");
    http.put().uri("/v1/campaigns/" + campaign + "/config").header("Authorization", "Bearer " + TestWorkspaces.KEY_C)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(config).exchange().expectStatus().isOk();
    Map<String, Object> versioned = new java.util.LinkedHashMap<>(config);
    versioned.put("version", 1);

    io.contactsplatform.testsupport.badinput.BadInputTable.forService("variable-resolver-service")
        .port(port).managementPort(managementPort).apiKey(TestWorkspaces.KEY_C)
        .maxBodyBytes(1 << 20)
        .pathValues((template, name) -> switch (name) {
          case "campaignId" -> campaign;
          case "version" -> "1";
          case "reportId" -> UUID.randomUUID().toString();
          default -> null;
        })
        .body("putCampaignConfig", versioned)
        .body("putCampaignVariables", versioned)
        .body("patchCampaignConfig", Map.of("staticVariables", Map.of("company_name", "Beta"), "version", 1))
        .body("patchCampaignVariables", Map.of("fallbackTimezone", "America/New_York", "version", 1))
        .body("restoreCampaignVersion", Map.of("version", 1))
        .query("diffCampaignVersions", Map.of("against", "1"))
        .allow("resolveVariables", "wrong type at", "a number is read as epoch seconds by Jackson's Instant "
            + "reader (the strict coercion settings do not reach it); answered 200 like any other instant")
        .body("startReadinessReport", Map.of("importId", UUID.randomUUID().toString(), "sampleSize", 5,
            "at", "2026-11-04T16:00:00Z"))
        .body("resolveVariables", Map.of("campaignId", campaign, "phone", "+14155550132", "callId", "call-1",
            "runtimeVariables", Map.of("agent_name", "Ava"), "at", "2026-11-04T16:00:00Z"))
        .snapshot("/v1/campaigns?pageSize=500")
        .snapshot("/v1/campaigns/" + campaign + "/versions?pageSize=500")
        .run();
  }

  @BeforeEach
  void connect() {
    bus = new EventBusClient(bootstrapServers);
  }

  @AfterEach
  void disconnect() {
    bus.close();
  }

  /** The served OpenAPI description needs a key and equals docs/openapi/variable-resolver-service.json. */
  @Test
  void openApiDescriptionNeedsAKeyAndMatchesTheCommittedOne() {
    OpenApiSpecs.assertMatchesCommitted(http, "variable-resolver-service");
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
        .jsonPath("$.variables[1].default").isEqualTo("basic")
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
    assertThat(inA.get("status")).isEqualTo("BLOCKED_UNKNOWN_CAMPAIGN");
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
    assertThat(r.get("phoneE164")).isEqualTo(ada.getContact().getPhoneE164());
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
        Map.of("name", "b", "layer", "AUDIENCE", "detail", "row.Plan"),
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
        management().get().uri("/actuator/health/dncReadModel").exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP"));
    management().get().uri("/actuator/health").exchange().expectStatus().isOk()
        .expectBody().jsonPath("$.components.dncReadModel.details.caughtUp").isEqualTo(true);

    resolve(A, resolveBody(campaignId(), randomPhone(), null, Map.of()));
    http.get().uri("/actuator/prometheus").header("Authorization", bearer(A)).exchange().expectStatus().isNotFound();
    http.get().uri("/actuator/health").exchange().expectStatus().isNotFound();
    String metrics = management().get().uri("/actuator/prometheus")
        .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    assertThat(metrics).contains("platform_resolver_resolutions_total{").contains("status=\"BLOCKED_UNKNOWN_CAMPAIGN\"");
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
    AgentVariables answer = answerTo(good);
    assertThat(answer.getStatus()).as("unknown campaign, still answered").isEqualTo(ResolutionStatus.BLOCKED_UNKNOWN_CAMPAIGN);
    assertThat(answer.getReason()).contains(good.getCampaignId());
  }

  @Test
  void shouldAnswerACallStartOlderThanTheMaximumAgeExpired() {
    CallStart stale = CallStart.newBuilder(callStart(A, campaignId(), randomPhone(), null))
        .setOccurredAt(NOW.minusSeconds(61)).build();

    bus.send(Topics.CALL_STARTS, Topics.key(A, stale.getCallId()), stale);

    AgentVariables answer = answerTo(stale);
    assertThat(answer.getStatus()).as("default platform.resolver.call-starts.max-age 60 s")
        .isEqualTo(ResolutionStatus.EXPIRED);
    assertThat(answer.getReason()).contains("61 s old").contains("maximum age of 60 s");
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
    byte[] garbage = ("garbage-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);

    bus.sendRaw(Topics.DNC_CHANGES.name(), Topics.key(A, phone), garbage);
    sendDnc(invalid);
    sendDnc(valid);

    ConsumerRecord<String, byte[]> undecodable = bus.readRaw(Topics.DNC_CHANGES.deadLetter(), 1,
        r -> Arrays.equals(r.value(), garbage)).get(0);
    assertThat(header(undecodable, "dlt-reason")).contains("DncChange");

    ConsumerRecord<String, byte[]> dead = bus.readRaw(Topics.DNC_CHANGES.deadLetter(), 1,
        r -> Topics.key(A, phone).equals(r.key()) && !Arrays.equals(r.value(), garbage)).get(0);
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

  // ---------------------------------------------------------------- campaign config (/config)

  @Test
  void shouldStoreFullCampaignConfigWithDefaultWindowAndBlockingPolicy() {
    String campaign = campaignId();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("allowUnknownContacts", true);
    body.put("fallbackTimezone", "America/Chicago");
    body.put("staticVariables", Map.of("company_name", "Acme"));
    body.put("variables", List.of(
        typed("first_name", "TEXT", "contact.first_name", null, true, null),
        typed("plan", "TEXT", "cf:plan", null, false, "basic"),
        typed("seats", "NUMBER", "row.Seats", null, false, 1),
        typed("offer", "TEXT", "static", "20% off", true, null)));

    http.put().uri("/v1/campaigns/{id}/config", campaign).header("Authorization", bearer(A))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
        .exchange().expectStatus().isOk();

    for (String path : List.of("/v1/campaigns/{id}/config", "/v1/campaigns/{id}/variables")) {
      http.get().uri(path, campaign).header("Authorization", bearer(A))
          .exchange().expectStatus().isOk().expectBody()
          .jsonPath("$.campaignId").isEqualTo(campaign)
          .jsonPath("$.allowUnknownContacts").isEqualTo(true)
          .jsonPath("$.fallbackTimezone").isEqualTo("America/Chicago")
          .jsonPath("$.missingRequired").isEqualTo("BLOCK")
          .jsonPath("$.callingWindow.start").isEqualTo("08:00")
          .jsonPath("$.callingWindow.end").isEqualTo("21:00")
          .jsonPath("$.callingWindow.days.length()").isEqualTo(7)
          .jsonPath("$.staticVariables.company_name").isEqualTo("Acme")
          .jsonPath("$.variables[1].binding").isEqualTo("cf.plan")
          .jsonPath("$.variables[2].type").isEqualTo("NUMBER")
          .jsonPath("$.variables[2].default").isEqualTo("1")
          .jsonPath("$.variables[3].binding").isEqualTo("static")
          .jsonPath("$.variables[3].value").isEqualTo("20% off");
    }
  }

  @Test
  void shouldRejectBindingToCustomFieldTheWorkspaceDoesNotDefine() {
    Map<String, Object> typo = Map.of("variables", List.of(typed("plan", null, "cf.plann", null, false, null)));
    http.put().uri("/v1/campaigns/{id}/config", campaignId()).header("Authorization", bearer(A))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(typo)
        .exchange().expectStatus().isEqualTo(422)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString())
            .contains("variables[plan].binding").contains("'plann'").contains("account_manager, plan, seats"));

    Map<String, Object> definedOnlyInA = Map.of("variables", List.of(typed("plan", null, "cf.plan", null, false, null)));
    http.put().uri("/v1/campaigns/{id}/config", campaignId()).header("Authorization", bearer(B))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(definedOnlyInA)
        .exchange().expectStatus().isEqualTo(422);
  }

  @Test
  void shouldRejectUnknownVariableType() {
    http.put().uri("/v1/campaigns/{id}/config", campaignId()).header("Authorization", bearer(A))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("variables", List.of(typed("seats", "INTEGER", null, null, false, null))))
        .exchange().expectStatus().isEqualTo(422)
        .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).startsWith("variables[seats].type"));
  }

  @Test
  void shouldApplyDefaultWindowOnConfigButNoWindowOnOlderVariablesEndpoint() {
    ContactChange contact = contactChange(A, randomPhone(), "Ada");
    String phone = contact.getContact().getPhoneE164();
    sendContact(contact);
    Map<String, Object> body = Map.of("staticVariables", Map.of("offer", "20% off"),
        "variables", List.of(variable("first_name", "contact.first_name", true, null)));
    String viaConfig = campaignId();
    String viaVariables = campaignId();
    putConfig(A, viaConfig, body);
    putCampaign(A, viaVariables, body);
    awaitResolve(A, resolveBody(viaConfig, phone, null, Map.of()), status("READY"));
    Map<String, Object> atNight = new LinkedHashMap<>(resolveBody(viaConfig, phone, null, Map.of()));
    atNight.put("at", "2026-11-05T08:00:00Z"); // 03:00 in New York

    Map<String, Object> blocked = resolve(A, atNight);
    atNight.put("campaignId", viaVariables);
    Map<String, Object> anyTime = resolve(A, atNight);

    assertThat(blocked.get("status")).isEqualTo("BLOCKED_OUTSIDE_WINDOW");
    assertThat(blocked.get("nextAllowedAt")).isEqualTo("2026-11-05T13:00:00Z"); // 08:00 EST
    assertThat(blocked.get("reason").toString()).contains("08:00-21:00");
    assertThat(anyTime.get("status")).isEqualTo("READY");
    assertThat(variables(anyTime)).containsEntry("first_name", "Ada")
        .containsEntry("system.local_time", "2026-11-05T03:00:00");
  }

  @Test
  void shouldAnswerPreviewInTheShapeOfTheAgentVariablesEvent() {
    String campaign = campaignId();
    putConfig(A, campaign, Map.of("allowUnknownContacts", true, "staticVariables", Map.of("offer", "x")));
    String phone = randomPhone();
    Map<String, Object> body = new LinkedHashMap<>(resolveBody(campaign, phone, null, Map.of("agent_name", "Ava")));
    body.put("callId", "preview-shape");
    body.put("at", "2026-11-04T18:30:00Z");

    Map<String, Object> r = awaitResolve(A, body, status("READY"));

    assertThat(r.keySet()).containsExactlyInAnyOrderElementsOf(AgentVariables.getClassSchema().getFields().stream()
        .map(org.apache.avro.Schema.Field::name).toList());
    assertThat(r).containsEntry("workspaceId", A).containsEntry("source", "variable-resolver-service")
        .containsEntry("callId", "preview-shape").containsEntry("campaignId", campaign)
        .containsEntry("phoneE164", phone).containsEntry("occurredAt", "2026-11-04T18:30:00Z")
        .containsEntry("eventId", null).containsEntry("callStartEventId", null);
    assertThat(variables(r)).containsEntry("agent_name", "Ava").containsEntry("system.local_time", "2026-11-04T10:30:00");
  }

  // ---------------------------------------------------------------- call-starts: unknown campaign, duplicates, fail closed

  @Test
  void shouldPublishTheSameStoredAnswerForEveryCallStartOfOneCall() {
    String campaign = campaignId();
    putConfig(A, campaign, Map.of("variables", List.of(variable("first_name", "contact.first_name", true, null))));
    ContactChange contact = contactChange(A, randomPhone(), "Ada");
    String phone = contact.getContact().getPhoneE164();
    sendContact(contact);
    awaitResolve(A, resolveBody(campaign, phone, null, Map.of()), status("READY"));
    CallStart first = callStart(A, campaign, phone, null);
    CallStart retried = CallStart.newBuilder(first).setEventId(UUID.randomUUID())
        .setRuntimeVariables(Map.of("first_name", "Someone else")).build();
    CallStart later = callStart(A, campaign, phone, null);
    String key = Topics.key(A, first.getCallId());

    bus.send(Topics.CALL_STARTS, key, first);
    bus.send(Topics.CALL_STARTS, key, retried);
    bus.send(Topics.CALL_STARTS, key, later); // same partition: answered only after both above
    answerTo(later);
    sendContact(copy(contact, 2, phone, "Changed"));
    awaitResolve(A, resolveBody(campaign, phone, null, Map.of()),
        r -> "Changed".equals(variables(r).get("first_name")));
    CallStart retriedAfterAChange = CallStart.newBuilder(first).setEventId(UUID.randomUUID()).build();
    bus.send(Topics.CALL_STARTS, key, retriedAfterAChange);

    List<AgentVariables> answers = bus.read(Topics.AGENT_VARIABLES, 3, a -> a.getCallId().equals(first.getCallId()));
    assertThat(answers).as("one decision, published once per call-start").hasSize(3)
        .allSatisfy(a -> {
          assertThat(a).isEqualTo(answers.get(0));
          assertThat(a.getCallStartEventId()).isEqualTo(first.getEventId().toString());
          assertThat(a.getVariables()).containsEntry("first_name", "Ada");
        });
  }

  @Test
  void shouldAnswerACallStartFromTheDncStateProducedBeforeItEvenWhileProcessingIsHeldBack() {
    String campaign = campaignId();
    putConfig(A, campaign, Map.of());
    ContactChange contact = contactChange(A, randomPhone(), "Grace");
    String phone = contact.getContact().getPhoneE164();
    sendContact(contact);
    awaitResolve(A, resolveBody(campaign, phone, null, Map.of()), status("READY"));

    streams.pause();
    try {
      sendDnc(dncChange(A, phone, 1, dncEntry(DncScope.WORKSPACE, null, DncSource.CALL_OPT_OUT, "asked on call", null)));
      CallStart start = callStart(A, campaign, phone, null);
      bus.send(Topics.CALL_STARTS, Topics.key(A, start.getCallId()), start);
      Map<String, Object> preview = awaitResolve(A, resolveBody(campaign, phone, null, Map.of()),
          status("BLOCKED_DNC_UNCERTAIN"));
      assertThat(preview.get("reason").toString()).contains("may be stale");
      assertThat(variables(preview)).isEmpty();
      management().get().uri("/actuator/health/dncReadModel").exchange().expectStatus().isEqualTo(503)
          .expectBody().jsonPath("$.status").isEqualTo("OUT_OF_SERVICE");
      streams.resume();

      AgentVariables answer = answerTo(start);
      assertThat(answer.getStatus()).as("the DNC change was published first").isEqualTo(ResolutionStatus.BLOCKED_DNC);
      assertThat(answer.getReason()).contains("asked on call");
    } finally {
      streams.resume();
    }
    awaitResolve(A, resolveBody(campaign, phone, null, Map.of()), status("BLOCKED_DNC"));
  }

  @Test
  void shouldRunExactlyOnceWithItsStateOnDisk() {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        management().get().uri("/actuator/health/resolverState").exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.details.streamsState").isEqualTo("RUNNING"));
    assertThat(streamsProperties.processingGuarantee()).isEqualTo("exactly_once_v2");
    assertThat(streams.localPartitions()).containsExactly(0, 1, 2);
    assertThat(streamsProperties.stateDir().resolve(streamsProperties.applicationId()))
        .as("RocksDB stores on disk").isDirectory();
  }

  // ---------------------------------------------------------------- readiness reports

  @Test
  void shouldReportReadinessOfAnImportAudienceByStatusHourVariableAndTimezone() {
    String campaign = campaignId();
    String importId = "import-" + UUID.randomUUID();
    putConfig(A, campaign, Map.of("fallbackTimezone", "America/Chicago", "variables", List.of(
        variable("first_name", "contact.first_name", true, null), variable("plan", "row.Plan", true, null))));
    ContactChange ready = contactChange(A, randomPhone(), "Ada");
    ContactChange onDnc = contactChange(A, randomPhone(), "Grace");
    ContactChange inTokyo = contactChange(A, randomPhone(), "Yoko");
    inTokyo.getContact().setTimezone("Asia/Tokyo");
    inTokyo.getContact().setTimezoneCandidates(List.of("Asia/Tokyo"));
    ContactChange noPlan = contactChange(A, randomPhone(), "Alan");
    ContactChange noZone = contactChange(A, randomPhone(), "Zed");
    noZone.getContact().setTimezone(null);
    noZone.getContact().setTimezoneSource(TimezoneSource.UNKNOWN);
    noZone.getContact().setTimezoneCandidates(List.of());
    String stranger = randomPhone();
    List<ContactChange> known = List.of(ready, onDnc, inTokyo, noPlan, noZone);
    known.forEach(this::sendContact);
    sendDnc(dncChange(A, onDnc.getContact().getPhoneE164(), 1,
        dncEntry(DncScope.WORKSPACE, null, DncSource.MANUAL, "complaint", null)));
    long row = 1;
    for (ContactChange c : known) {
      sendAudienceRow(campaign, importId, row++, c.getContact().getPhoneE164(), c == noPlan ? Map.of() : Map.of("Plan", "Gold"));
    }
    sendAudienceRow(campaign, importId, row, stranger, Map.of("Plan", "Gold"));
    awaitResolve(A, resolveBody(campaign, onDnc.getContact().getPhoneE164(), null, Map.of()), status("BLOCKED_DNC"));

    Map<String, Object> report = awaitReport(A, campaign, Map.of("importId", importId), 6);

    assertThat(report).containsEntry("status", "COMPLETED").containsEntry("progress", 100)
        .containsEntry("audience", Map.of("importId", importId)).containsEntry("at", "2026-11-04T16:00:00Z");
    assertThat(report.get("counts")).isEqualTo(Map.of("READY", 2, "BLOCKED_DNC", 1, "BLOCKED_OUTSIDE_WINDOW", 1,
        "BLOCKED_MISSING_VARIABLES", 1, "BLOCKED_UNKNOWN_CONTACT", 1));
    assertThat(report.get("outsideWindowByHour")).isEqualTo(Map.of("2026-11-04T23:00:00Z", 1)); // 08:00 in Tokyo
    assertThat(report.get("missingByVariable")).isEqualTo(Map.of("plan", 1));
    assertThat(samples(report, "BLOCKED_DNC")).singleElement()
        .satisfies(sample -> assertThat(sample).containsEntry("contactId", onDnc.getContactId())
            .containsEntry("phoneE164", onDnc.getContact().getPhoneE164()));
    assertThat(samples(report, "BLOCKED_OUTSIDE_WINDOW").get(0)).containsEntry("nextAllowedAt", "2026-11-04T23:00:00Z");
    assertThat(samples(report, "BLOCKED_MISSING_VARIABLES").get(0)).containsEntry("missing", List.of("plan"));
    assertThat(samples(report, "READY")).extracting(sample -> sample.get("contactId"))
        .containsExactlyInAnyOrder(ready.getContactId(), noZone.getContactId());
    @SuppressWarnings("unchecked")
    Map<String, Object> unknownZone = (Map<String, Object>) report.get("unknownTimezone");
    assertThat(unknownZone.get("count")).isEqualTo(1);
  }

  @Test
  void shouldReportReadinessOfASegmentPagedFromContactService() {
    String campaign = campaignId();
    String segment = "segment-" + UUID.randomUUID();
    putConfig(A, campaign, Map.of("variables", List.of(variable("first_name", "contact.first_name", true, null))));
    List<String> members = new java.util.ArrayList<>();
    ContactChange last = null;
    for (int i = 0; i < 7; i++) {
      last = contactChange(A, randomPhone(), i == 6 ? null : "Member " + i);
      sendContact(last);
      members.add(last.getContactId());
    }
    members.add("not-a-contact-" + UUID.randomUUID());
    FakeContactService.get().segment(A, segment, members);
    awaitResolve(A, resolveBody(campaign, last.getContact().getPhoneE164(), null, Map.of()),
        status("BLOCKED_MISSING_VARIABLES"));
    int pagesBefore = FakeContactService.get().segmentPagesServed.get();

    Map<String, Object> report = awaitReport(A, campaign, Map.of("segmentId", segment), 8);

    assertThat(report).containsEntry("status", "COMPLETED").containsEntry("audience", Map.of("segmentId", segment));
    assertThat(report.get("counts")).isEqualTo(Map.of("READY", 6, "BLOCKED_DNC", 0, "BLOCKED_OUTSIDE_WINDOW", 0,
        "BLOCKED_MISSING_VARIABLES", 1, "BLOCKED_UNKNOWN_CONTACT", 1));
    assertThat(report.get("missingByVariable")).isEqualTo(Map.of("first_name", 1));
    assertThat(FakeContactService.get().segmentPagesServed.get()).isGreaterThan(pagesBefore);
  }

  @Test
  void shouldRejectReadinessRequestsForUnknownAudiencesCampaignsAndWorkspaces() {
    String campaign = campaignId();
    putConfig(A, campaign, Map.of());
    String importId = "import-" + UUID.randomUUID();
    sendAudienceRow(campaign, importId, 1, randomPhone(), Map.of());

    startReport(A, campaign, Map.of("importId", "no-such-import")).expectStatus().isNotFound();
    startReport(A, campaign, Map.of("segmentId", "no-such-segment")).expectStatus().isNotFound();
    startReport(A, campaign, Map.of()).expectStatus().isEqualTo(422);
    startReport(A, campaign, Map.of("importId", importId, "segmentId", "x")).expectStatus().isEqualTo(422);
    startReport(A, campaignId(), Map.of("importId", importId)).expectStatus().isNotFound();
    Map<String, Object> report = awaitReport(A, campaign, Map.of("importId", importId), 1);
    putConfig(B, campaign, Map.of());
    startReport(B, campaign, Map.of("importId", importId)).expectStatus().isNotFound();
    http.get().uri("/v1/campaigns/{c}/readiness/{r}", campaign, report.get("reportId"))
        .header("Authorization", bearer(B)).exchange().expectStatus().isNotFound();
  }

  // ---------------------------------------------------------------- helpers

  private AgentVariables answerTo(CallStart start) {
    return bus.read(Topics.AGENT_VARIABLES, 1,
        a -> start.getEventId().toString().equals(a.getCallStartEventId())).get(0);
  }

  private static AgentVariables decode(ConsumerRecord<String, byte[]> record) {
    return new SingleObjectEventCodec().decode(AgentVariables.class, record.value());
  }

  private WebTestClient.ResponseSpec startReport(String workspace, String campaign, Map<String, Object> body) {
    return http.post().uri("/v1/campaigns/{id}/readiness", campaign).header("Authorization", bearer(workspace))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
  }

  /** Starts reports until one, once COMPLETED, counts {@code members} (read models and the import's rows fill up asynchronously). */
  @SuppressWarnings("unchecked")
  private Map<String, Object> awaitReport(String workspace, String campaign, Map<String, Object> audience, int members) {
    return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
      Map<String, Object> started = startReport(workspace, campaign, audience).expectStatus().isAccepted()
          .expectBody(Map.class).returnResult().getResponseBody();
      assertThat(started.get("status")).isIn("RUNNING", "COMPLETED");
      return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() ->
          (Map<String, Object>) http.get().uri("/v1/campaigns/{c}/readiness/{r}", campaign, started.get("reportId"))
              .header("Authorization", bearer(workspace)).exchange().expectStatus().isOk()
              .expectBody(Map.class).returnResult().getResponseBody(), r -> !"RUNNING".equals(r.get("status")));
    }, r -> "COMPLETED".equals(r.get("status")) && Integer.valueOf(members).equals(r.get("members")));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> samples(Map<String, Object> report, String status) {
    return ((Map<String, List<Map<String, Object>>>) report.get("samples")).get(status);
  }

  private void sendAudienceRow(String campaign, String importId, long rowNumber, String phone, Map<String, String> columns) {
    bus.send(Topics.AUDIENCE_ROWS, Topics.key(A, campaign + ":" + phone), AudienceRow.newBuilder()
        .setEventId(UUID.randomUUID()).setWorkspaceId(A).setOccurredAt(NOW).setSource("import-service")
        .setCampaignId(campaign).setPhoneE164(phone).setImportId(importId).setRowNumber(rowNumber)
        .setColumns(columns).build());
  }

  private void putConfig(String workspace, String campaign, Map<String, Object> body) {
    http.put().uri("/v1/campaigns/{id}/config", campaign).header("Authorization", bearer(workspace))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
        .exchange().expectStatus().isOk();
  }

  /** Through the older /variables endpoint: no calling window unless given. */
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

  private static Map<String, Object> typed(String name, String type, String binding, Object value, boolean required,
                                           Object defaultValue) {
    Map<String, Object> variable = new LinkedHashMap<>();
    variable.put("name", name);
    variable.put("type", type);
    variable.put("binding", binding);
    variable.put("value", value);
    variable.put("required", required);
    variable.put("default", defaultValue);
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

  /** A call-start stamped now, for contexts on the wall clock (a NOW-stamped one would be EXPIRED there). */
  static CallStart callStartNow(String workspace, String campaign, String phone, String contactId) {
    return CallStart.newBuilder(callStart(workspace, campaign, phone, contactId)).setOccurredAt(Instant.now()).build();
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
