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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import io.contactsplatform.schemas.SingleObjectEventCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;

/**
 * The latency cost of exactly-once, one call at a time on the embedded broker: every answer is
 * READY and carries its call-start's event id; the call-start → answer round trips (p50, p99) are
 * printed per processing guarantee for docs/performance.md (not asserted: they depend on the
 * machine's load).
 */
class AnswerLatencyTest {

  static final String A = TestWorkspaces.WORKSPACE_A;
  static final int CALLS = 200;
  static final SingleObjectEventCodec CODEC = new SingleObjectEventCodec();

  @ParameterizedTest
  @ValueSource(strings = {"exactly_once_v2", "at_least_once"})
  void shouldAnswerEveryCallOneAtATime(String guarantee) throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    ConfigurableApplicationContext resolver = TwoInstancesTest.instance(suffix,
        Files.createTempDirectory("resolver-latency"), Map.of("platform.resolver.streams.processing-guarantee", guarantee));
    try (EventBusClient bus = new EventBusClient(EmbeddedInfrastructure.get().bootstrapServers())) {
      ResolverStreams streams = resolver.getBean(ResolverStreams.class);
      await().atMost(Duration.ofSeconds(120)).until(streams::isRunningState);
      String campaign = VariableResolverIntegrationTests.campaignId();
      TwoInstancesTest.http(resolver).put().uri("/v1/campaigns/{id}/variables", campaign)
          .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("staticVariables", Map.of("offer", "x")))
          .exchange().expectStatus().isOk();
      ContactChange contact = VariableResolverIntegrationTests.contactChange(A,
          VariableResolverIntegrationTests.randomPhone(), "Ada");
      bus.send(Topics.CONTACT_CHANGES, Topics.key(A, contact.getContactId()), contact);
      String phone = contact.getContact().getPhoneE164();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .until(() -> "READY".equals(TwoInstancesTest.resolve(resolver, campaign, phone).get("status")));

      List<Long> micros = new ArrayList<>();
      KafkaConsumer<String, byte[]> answers = new KafkaConsumer<>(Map.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedInfrastructure.get().bootstrapServers(),
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
          new StringDeserializer(), new ByteArrayDeserializer());
      List<TopicPartition> partitions = answers.partitionsFor(Topics.AGENT_VARIABLES.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      answers.assign(partitions);
      answers.seekToEnd(partitions);
      partitions.forEach(answers::position);
      for (int i = 0; i < CALLS + 20; i++) {
        CallStart start = VariableResolverIntegrationTests.callStartNow(A, campaign, phone, null);
        long sent = System.nanoTime();
        bus.send(Topics.CALL_STARTS, Topics.key(A, start.getCallId()), start);
        AgentVariables answer = null;
        while (answer == null && System.nanoTime() - sent < Duration.ofSeconds(30).toNanos()) {
          for (ConsumerRecord<String, byte[]> record : answers.poll(Duration.ofMillis(1))) {
            AgentVariables decoded = CODEC.decode(AgentVariables.class, record.value());
            if (decoded.getCallId().equals(start.getCallId())) {
              answer = decoded;
            }
          }
        }
        long took = (System.nanoTime() - sent) / 1000;
        assertThat(answer).as("answered within 30 s").isNotNull();
        assertThat(answer.getStatus()).isEqualTo(ResolutionStatus.READY);
        assertThat(answer.getCallStartEventId()).isEqualTo(start.getEventId().toString());
        if (i >= 20) {
          micros.add(took); // the first 20 warm up
        }
      }
      long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
      System.out.printf("resolver %s, %d calls one at a time (read_committed reader):"
          + " p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", guarantee, sorted.length, sorted[sorted.length / 2] / 1000.0,
          sorted[(int) (sorted.length * 0.99)] / 1000.0, Arrays.stream(sorted).max().orElse(0) / 1000.0);
      answers.close();
    } finally {
      resolver.close();
    }
  }
}
