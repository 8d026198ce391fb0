package io.contactsplatform.contactservice;

import io.contactsplatform.testsupport.EventBusClient;
import io.contactsplatform.testsupport.OpenApiSpecs;
import io.contactsplatform.testsupport.TestWorkspaces;
import io.contactsplatform.testsupport.QueryIndexCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * contact-service against a real broker and a MongoDB-protocol store; subclasses choose the
 * infrastructure (embedded, or real images through Testcontainers). The scenarios live in the
 * interfaces it implements, so all of them share one application context. Scenarios that change
 * workspace-wide state (custom field definitions) use a workspace of their own
 * ({@link ContactServiceHarness#freshWorkspace()}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "platform.contacts.outbox.grace=1s",
    "platform.contacts.outbox.sweep-interval=500ms",
    "platform.contacts.custom-fields.max-per-workspace=5"})
@AutoConfigureWebTestClient
@Import({FlakyPublisherConfiguration.class, QueryIndexCheck.Recording.class})
abstract class ContactServiceIntegrationTests implements UpsertScenarios, ContactApiScenarios, CustomFieldScenarios,
    SearchScenarios, SegmentScenarios, BulkScenarios, DncViewScenarios, ExportScenarios, HistoryScenarios,
    BadInputScenarios, AdminKeyScenarios, BadInputTableScenarios {

  /** Every query the scenarios ran is served by an index the service declared at startup. */
  @org.junit.jupiter.api.AfterAll
  static void everyQueryIsServedByADeclaredIndex(
      @Autowired com.mongodb.reactivestreams.client.MongoDatabase database,
      @Autowired com.mongodb.reactivestreams.client.MongoClient client,
      @Value("${platform.auth.key-store.database}") String keyStore) {
    org.assertj.core.api.Assertions.assertThat(QueryIndexCheck.unserved(database, java.util.Set.of())).isEmpty();
    // the admin API's queries on the shared key store too
    org.assertj.core.api.Assertions.assertThat(QueryIndexCheck.unserved(client.getDatabase(keyStore), java.util.Set.of()))
        .isEmpty();
  }


  @Autowired
  WebTestClient http;

  @Autowired
  com.mongodb.reactivestreams.client.MongoDatabase database;

  @org.springframework.boot.test.web.server.LocalServerPort
  int port;

  @org.springframework.boot.test.web.server.LocalManagementPort
  int managementPort;

  @Value("${spring.kafka.bootstrap-servers}")
  String bootstrapServers;

  EventBusClient bus;

  @DynamicPropertySource
  static void extraWorkspaces(DynamicPropertyRegistry registry) {
    for (int i = 0; i < ContactServiceHarness.EXTRA_WORKSPACES; i++) {
      String name = "ws-extra-" + i;
      registry.add("platform.auth.workspaces[" + (3 + i) + "].id", () -> name);
      registry.add("platform.auth.workspaces[" + (3 + i) + "].api-key-sha256", () -> TestWorkspaces.sha256("key-" + name));
      registry.add("platform.auth.workspaces[" + (3 + i) + "].key-name", () -> "operator-" + name);
    }
    registry.add("platform.auth.admin.api-key-sha256", () -> TestWorkspaces.sha256(AdminKeyScenarios.ADMIN_KEY));
  }

  @Override
  public WebTestClient http() {
    return http;
  }

  @Override
  public com.mongodb.reactivestreams.client.MongoDatabase database() {
    return database;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public int managementPort() {
    return managementPort;
  }

  public WebTestClient management() {
    return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build();
  }

  @Override
  public EventBusClient bus() {
    return bus;
  }

  @BeforeEach
  void connect() {
    bus = new EventBusClient(bootstrapServers);
  }

  @AfterEach
  void disconnect() {
    bus.close();
  }

  /** The served OpenAPI description needs a key and equals docs/openapi/contact-service.json. */
  @Test
  void openApiDescriptionNeedsAKeyAndMatchesTheCommittedOne() {
    OpenApiSpecs.assertMatchesCommitted(http, "contact-service");
  }
}
