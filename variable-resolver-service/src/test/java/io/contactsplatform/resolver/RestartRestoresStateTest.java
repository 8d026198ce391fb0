package io.contactsplatform.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.contactsplatform.events.call.start.CallStart;
import io.contactsplatform.events.call.variables.AgentVariables;
import io.contactsplatform.events.call.variables.ResolutionStatus;
import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.resolver.state.ResolverStreams;
import io.contactsplatform.schemas.Topics;
import io.contactsplatform.testsupport.EmbeddedInfrastructure;
import io.contactsplatform.testsupport.EventBusClient;
import io.contactsplatform.testsupport.TestWorkspaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;

/**
 * Restore, not replay: a resolver restarted on its state directory opens its RocksDB stores from
 * the local checkpoint (no changelog records to restore after a clean stop), answers at once from
 * them, and answers a call-start that arrived while it was down from that state (it waited in
 * call-starts, it is not BLOCKED). A new instance without local state restores from the changelogs
 * instead (never from contact-changes). Prints the times, for docs/performance.md.
 */
class RestartRestoresStateTest {

  static final String A = TestWorkspaces.WORKSPACE_A;
  static final int CONTACTS = 2_000;
  ConfigurableApplicationContext resolver;

  @AfterEach
  void stop() {
    if (resolver != null) {
      resolver.close();
    }
  }

  @Test
  void shouldRestoreFromLocalStateAndAnswerCallsThatWaitedThroughTheRestart() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    Path state = Files.createTempDirectory("resolver-restart");
    resolver = TwoInstancesTest.instance(suffix, state.resolve("local"));
    ResolverStreams streams = streams();
    await().atMost(Duration.ofSeconds(120)).until(streams::isRunningState);
    String campaign = VariableResolverIntegrationTests.campaignId();
    TwoInstancesTest.http(resolver).put().uri("/v1/campaigns/{id}/variables", campaign)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("staticVariables", Map.of("offer", "x")))
        .exchange().expectStatus().isOk();
    List<ContactChange> contacts = new ArrayList<>();
    try (EventBusClient bus = new EventBusClient(EmbeddedInfrastructure.get().bootstrapServers())) {
      for (int i = 0; i < CONTACTS; i++) {
        ContactChange contact = VariableResolverIntegrationTests.contactChange(A,
            VariableResolverIntegrationTests.randomPhone(), "Member " + i);
        contacts.add(contact);
        bus.send(Topics.CONTACT_CHANGES, Topics.key(A, contact.getContactId()), contact);
      }
      String last = contacts.get(CONTACTS - 1).getContact().getPhoneE164();
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
          .until(() -> "READY".equals(TwoInstancesTest.resolve(resolver, campaign, last).get("status")));

      resolver.close();
      CallStart whileDown = VariableResolverIntegrationTests.callStartNow(A, campaign,
          contacts.get(0).getContact().getPhoneE164(), null);
      bus.send(Topics.CALL_STARTS, Topics.key(A, whileDown.getCallId()), whileDown);

      long restart = System.nanoTime();
      resolver = TwoInstancesTest.instance(suffix, state.resolve("local"));
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).until(streams()::isRunningState);
      long restartMillis = (System.nanoTime() - restart) / 1_000_000;
      assertThat(streams().restoredRecords()).as("changelog records restored after a clean restart").isZero();
      assertThat(TwoInstancesTest.resolve(resolver, campaign, contacts.get(1).getContact().getPhoneE164())
          .get("status")).isEqualTo("READY");
      AgentVariables answer = bus.read(Topics.AGENT_VARIABLES, 1, a -> a.getCallId().equals(whileDown.getCallId()))
          .get(0);
      assertThat(answer.getStatus()).as("a call-start that arrived while down waits for the state")
          .isEqualTo(ResolutionStatus.READY);
      resolver.close();

      long fresh = System.nanoTime();
      resolver = TwoInstancesTest.instance(suffix, state.resolve("wiped"));
      await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(20)).until(streams()::isRunningState);
      long freshMillis = (System.nanoTime() - fresh) / 1_000_000;
      assertThat(streams().restoredRecords()).as("a wiped instance restores the changelogs")
          .isGreaterThanOrEqualTo(2L * CONTACTS);
      assertThat(TwoInstancesTest.resolve(resolver, campaign, contacts.get(2).getContact().getPhoneE164())
          .get("status")).isEqualTo("READY");
      System.out.printf("resolver restart with %d contacts: from local state %d ms (0 records restored); "
          + "without local state %d ms (%d changelog records restored)%n", CONTACTS, restartMillis, freshMillis,
          streams().restoredRecords());
    }
  }

  ResolverStreams streams() {
    return resolver.getBean(ResolverStreams.class);
  }
}
