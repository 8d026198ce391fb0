package io.contactsplatform.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.contactsplatform.events.call.start.CallStart;
import io.contactsplatform.events.call.variables.AgentVariables;
import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.events.audience.AudienceRow;
import io.contactsplatform.resolver.state.ResolverStreams;
import io.contactsplatform.resolver.state.StateQueries;
import io.contactsplatform.resolver.state.StateStores;
import io.contactsplatform.schemas.Topics;
import io.contactsplatform.testsupport.EmbeddedInfrastructure;
import io.contactsplatform.testsupport.EventBusClient;
import io.contactsplatform.testsupport.TestWorkspaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Two resolver instances of one Kafka Streams application on one broker, in one JVM: each serves
 * part of the partitions and holds only the state of its numbers, yet {@code POST /v1/resolve}
 * answers the same from either instance (state of the other's numbers read from it), and a
 * call-start is answered once.
 */
class TwoInstancesTest {

  static final String A = TestWorkspaces.WORKSPACE_A;
  static ConfigurableApplicationContext first;
  static ConfigurableApplicationContext second;
  static EventBusClient bus;

  @BeforeAll
  static void start() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    Path state = Files.createTempDirectory("resolver-two-instances");
    first = instance(suffix, state.resolve("first"));
    second = instance(suffix, state.resolve("second"));
    bus = new EventBusClient(EmbeddedInfrastructure.get().bootstrapServers());
  }

  @AfterAll
  static void stop() {
    if (bus != null) {
      bus.close();
    }
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
  }

  static ConfigurableApplicationContext instance(String suffix, Path stateDir) {
    return instance(suffix, stateDir, Map.of());
  }

  /** One resolver instance of application {@code resolver-two-<suffix>}, with {@code extra} properties. */
  static ConfigurableApplicationContext instance(String suffix, Path stateDir, Map<String, Object> extra) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("server.port", 0);
    properties.put("management.server.port", 0);
    properties.put("spring.kafka.bootstrap-servers", EmbeddedInfrastructure.get().bootstrapServers());
    properties.put("spring.mongodb.uri", EmbeddedInfrastructure.get().mongoUri("resolver_two_" + suffix));
    properties.put("spring.kafka.consumer.group-id", "resolver-two-" + suffix);
    properties.put("spring.reactor.netty.shutdown-quiet-period", "0s");
    properties.put("platform.resolver.streams.application-id", "resolver-two-" + suffix);
    properties.put("platform.resolver.streams.state-dir", stateDir.toString());
    // hand tasks to the second instance at once (by default it warms up first and takes them at a later probing rebalance)
    properties.put("platform.resolver.streams.properties.acceptable.recovery.lag", String.valueOf(Long.MAX_VALUE));
    properties.put("platform.resolver.contact-service.base-url", FakeContactService.get().baseUrl());
    properties.put("platform.auth.workspaces[0].id", A);
    properties.put("platform.auth.workspaces[0].api-key-sha256", TestWorkspaces.sha256(TestWorkspaces.KEY_A));
    properties.putAll(extra);
    // as command-line arguments: they must win over application.yml (default properties would not)
    return new SpringApplicationBuilder(VariableResolverApplication.class)
        .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
  }

  static ResolverStreams streams(ConfigurableApplicationContext context) {
    return context.getBean(ResolverStreams.class);
  }

  static WebTestClient http(ConfigurableApplicationContext context) {
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30))
        .defaultHeader("Authorization", "Bearer " + TestWorkspaces.KEY_A).build();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> resolve(ConfigurableApplicationContext context, String campaign, String phone) {
    return http(context).post().uri("/v1/resolve").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("campaignId", campaign, "phone", phone)).exchange().expectStatus().isOk()
        .expectBody(Map.class).returnResult().getResponseBody();
  }

  /** The answer's variables but the preview's random call id and the wall-clock local time. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> withoutCallAndTime(Map<String, Object> answer) {
    Map<String, Object> variables = new LinkedHashMap<>((Map<String, Object>) answer.get("variables"));
    variables.remove("system.call_id");
    variables.remove("system.local_time");
    return variables;
  }

  @Test
  void shouldSplitTheStateAndAnswerTheSameFromEitherInstance() {
    await().atMost(Duration.ofSeconds(120)).until(() -> streams(first).isRunningState() && streams(second).isRunningState()
        && !streams(first).localPartitions().isEmpty() && !streams(second).localPartitions().isEmpty());
    Set<Integer> firstPartitions = streams(first).localPartitions();
    Set<Integer> secondPartitions = streams(second).localPartitions();
    assertThat(firstPartitions).doesNotContainAnyElementsOf(secondPartitions);
    Set<Integer> all = new HashSet<>(firstPartitions);
    all.addAll(secondPartitions);
    assertThat(all).containsExactly(0, 1, 2);

    String campaign = VariableResolverIntegrationTests.campaignId();
    http(first).put().uri("/v1/campaigns/{id}/variables", campaign).contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("staticVariables", Map.of("offer", "x"))).exchange().expectStatus().isOk();
    List<ContactChange> contacts = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ContactChange contact = VariableResolverIntegrationTests.contactChange(A,
          VariableResolverIntegrationTests.randomPhone(), "Member " + i);
      contacts.add(contact);
      bus.send(Topics.CONTACT_CHANGES, Topics.key(A, contact.getContactId()), contact);
    }

    for (ContactChange contact : contacts) {
      String phone = contact.getContact().getPhoneE164();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .until(() -> "READY".equals(resolve(first, campaign, phone).get("status")));
      Map<String, Object> fromFirst = resolve(first, campaign, phone);
      Map<String, Object> fromSecond = resolve(second, campaign, phone);
      assertThat(fromSecond.get("status")).isEqualTo("READY");
      assertThat(fromSecond.get("contactId")).isEqualTo(contact.getContactId()).isEqualTo(fromFirst.get("contactId"));
      assertThat(withoutCallAndTime(fromSecond)).isEqualTo(withoutCallAndTime(fromFirst))
          .containsEntry("contact.first_name", contact.getContact().getFirstName());
    }

    int heldByFirst = 0;
    int heldBySecond = 0;
    for (ContactChange contact : contacts) {
      String key = StateStores.phoneKey(A, contact.getContact().getPhoneE164());
      boolean inFirst = streams(first).localAll(StateStores.CONTACTS_BY_PHONE).get(key) != null;
      boolean inSecond = streams(second).localAll(StateStores.CONTACTS_BY_PHONE).get(key) != null;
      assertThat(inFirst).as("each number is held by exactly one instance").isNotEqualTo(inSecond);
      heldByFirst += inFirst ? 1 : 0;
      heldBySecond += inSecond ? 1 : 0;
    }
    assertThat(heldByFirst).as("first instance's share of 40 numbers").isPositive();
    assertThat(heldBySecond).as("second instance's share of 40 numbers").isPositive();

    CallStart start = VariableResolverIntegrationTests.callStartNow(A, campaign, contacts.get(0).getContact().getPhoneE164(),
        null);
    bus.send(Topics.CALL_STARTS, Topics.key(A, start.getCallId()), start);
    List<AgentVariables> answers = bus.read(Topics.AGENT_VARIABLES, 1, a -> a.getCallId().equals(start.getCallId()));
    assertThat(answers.get(0).getContactId()).isEqualTo(contacts.get(0).getContactId());
  }

  @Test
  void shouldGatherAnImportLargerThanOneBufferedAnswerFromBothInstances() {
    await().atMost(Duration.ofSeconds(120)).until(() -> streams(first).isRunningState() && streams(second).isRunningState()
        && !streams(first).localPartitions().isEmpty() && !streams(second).localPartitions().isEmpty());
    String campaign = VariableResolverIntegrationTests.campaignId();
    String importId = UUID.randomUUID().toString();
    // ~130 bytes of JSON per row: the other instance's share is well over a client's 256 KB buffer
    int rows = 8_000;
    for (int i = 0; i < rows; i++) {
      String phone = "+14152" + String.format("%06d", i);
      bus.send(Topics.AUDIENCE_ROWS, Topics.key(A, campaign + ":" + phone), AudienceRow.newBuilder()
          .setEventId(UUID.randomUUID()).setWorkspaceId(A).setOccurredAt(java.time.Instant.now())
          .setSource("import-service").setCampaignId(campaign).setPhoneE164(phone).setImportId(importId)
          .setRowNumber((long) i + 1).setColumns(Map.of("phone", phone)).build());
    }

    for (ConfigurableApplicationContext instance : List.of(first, second)) {
      StateQueries queries = instance.getBean(StateQueries.class);
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
        StateQueries.ImportAudience audience = queries.importAudience(A, importId, "Bearer " + TestWorkspaces.KEY_A)
            .block(Duration.ofSeconds(30));
        assertThat(audience).isNotNull();
        assertThat(audience.campaignId()).isEqualTo(campaign);
        assertThat(audience.phones()).hasSize(rows).startsWith("+14152000000").endsWith("+14152007999");
      });
    }
  }
}
