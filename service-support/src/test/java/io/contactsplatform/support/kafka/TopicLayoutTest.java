package io.contactsplatform.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.schemas.Topics;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** {@code platform.topics.<topic>.partitions/replicas} reach the declared topics and their DLTs. */
class TopicLayoutTest {

  @Test
  void partitionsAndReplicasAreConfiguredPerTopicWithCatalogDefaults() {
    MockEnvironment env = new MockEnvironment()
        .withProperty("platform.topics.call-starts.partitions", "12")
        .withProperty("platform.topics.call-starts.replicas", "3")
        .withProperty("platform.topics.dnc-changes.partitions", "6");
    KafkaEventsAutoConfiguration config = new KafkaEventsAutoConfiguration();
    TopicLayout layout = config.topicLayout(env, (short) 2);
    assertThat(layout.partitions(Topics.CALL_STARTS)).isEqualTo(12);
    assertThat(layout.replicas(Topics.CALL_STARTS)).isEqualTo((short) 3);
    assertThat(layout.partitions(Topics.DNC_CHANGES)).isEqualTo(6);
    assertThat(layout.replicas(Topics.DNC_CHANGES)).isEqualTo((short) 2);
    assertThat(layout.partitions(Topics.CONTACT_CHANGES)).isEqualTo(3);

    List<NewTopic> declared = KafkaEventsAutoConfiguration.declarations(
        new ServiceTopics(List.of(Topics.CALL_STARTS), List.of(Topics.AGENT_VARIABLES)), layout);
    assertThat(declared).extracting(NewTopic::name, NewTopic::numPartitions, NewTopic::replicationFactor)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("call-starts", 12, (short) 3),
            org.assertj.core.groups.Tuple.tuple("agent-variables", 3, (short) 2),
            org.assertj.core.groups.Tuple.tuple("call-starts.DLT", 12, (short) 3));
  }
}
