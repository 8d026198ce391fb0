package io.contactsplatform.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsumerMembershipTest {

  @Test
  void shouldPreferTheConfiguredInstanceId() {
    assertThat(ConsumerMembership.instanceId(" contact-1 ", "host-a", 8081)).isEqualTo("contact-1");
    assertThat(ConsumerMembership.instanceId("pod/1:a", "host-a", 8081)).isEqualTo("pod-1-a");
  }

  @Test
  void shouldDeriveAStableIdFromHostAndPort() {
    assertThat(ConsumerMembership.instanceId("", "host-a", 8081)).isEqualTo("host-a-8081");
    assertThat(ConsumerMembership.instanceId(null, "host-a", 8081))
        .isNotEqualTo(ConsumerMembership.instanceId(null, "host-a", 8091));
  }

  @Test
  void shouldStayDynamicOnARandomPortWithoutConfiguredId() {
    assertThat(ConsumerMembership.instanceId(null, "host-a", 0)).isNull();
  }

  @Test
  void shouldGiveASecondContextOfThisJvmWithTheSameIdDynamicMembership() {
    String id = "host-b:" + System.nanoTime();
    assertThat(ConsumerMembership.claimInThisJvm(id)).isEqualTo(id);
    assertThat(ConsumerMembership.claimInThisJvm(id)).isNull();
    assertThat(ConsumerMembership.claimInThisJvm(null)).isNull();
  }

  @Test
  void shouldNameEachListenerOfAnInstanceApart() {
    assertThat(ConsumerMembership.groupInstanceId("host-a-8081", "contact-upserts"))
        .isEqualTo("host-a-8081-contact-upserts");
  }

  @Test
  void shouldShortenTheSessionTimeoutUnlessTheServiceSetsOne() {
    assertThat(ConsumerMembership.sessionDefaults(Map.of()))
        .containsEntry("session.timeout.ms", 10_000).containsEntry("heartbeat.interval.ms", 3_000);
    assertThat(ConsumerMembership.sessionDefaults(Map.of("session.timeout.ms", "6000"))).isEmpty();
  }
}
