package io.contactsplatform.dialer;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.events.call.variables.AgentVariables;
import io.contactsplatform.events.call.variables.ResolutionStatus;
import io.contactsplatform.events.call.variables.VariableLayer;
import io.contactsplatform.events.call.variables.VariableTrace;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DialerSimulatorTest {

  @Test
  void shouldPrintTheTraceInTheEventsShapeInResolutionOrder() throws Exception {
    AgentVariables answer = AgentVariables.newBuilder()
        .setEventId(UUID.randomUUID())
        .setWorkspaceId("demo")
        .setOccurredAt(Instant.parse("2026-12-07T10:00:00Z"))
        .setSource("variable-resolver-service")
        .setCallId("call-1")
        .setCampaignId("spring-promo")
        .setStatus(ResolutionStatus.READY)
        .setVariables(Map.of("offer", "20% off", "first_name", "Ada"))
        .setTrace(List.of(new VariableTrace("first_name", VariableLayer.CONTACT, "contact.first_name"),
            new VariableTrace("offer", VariableLayer.STATIC, null)))
        .build();

    String json = DialerSimulator.toJson(answer).replaceAll("\\s+", "");

    assertThat(json).contains("\"trace\":[{\"name\":\"first_name\",\"layer\":\"CONTACT\",\"detail\":\"contact.first_name\"},"
        + "{\"name\":\"offer\",\"layer\":\"STATIC\",\"detail\":null}]");
    assertThat(json).contains("\"variables\":{\"first_name\":\"Ada\",\"offer\":\"20%off\"}");
  }

  @Test
  void shouldDocumentEveryExitCodeInTheUsage() {
    assertThat(DialerSimulator.USAGE).contains("0  the answer is READY", "3  the call is blocked",
        "4  the call-start expired", "1  no answer within the timeout", "use a new --call-id", "2  usage error");
  }

  @Test
  void shouldExitWithItsOwnCodeWhenTheCallStartExpiredRatherThanAsBlocked() {
    assertThat(DialerSimulator.exitCode(answer(ResolutionStatus.READY))).isZero();
    assertThat(DialerSimulator.exitCode(answer(ResolutionStatus.EXPIRED))).isEqualTo(4);
    for (ResolutionStatus status : ResolutionStatus.values()) {
      if (status != ResolutionStatus.READY && status != ResolutionStatus.EXPIRED) {
        assertThat(DialerSimulator.exitCode(answer(status))).as(status.name()).isEqualTo(3);
      }
    }
  }

  private static AgentVariables answer(ResolutionStatus status) {
    return AgentVariables.newBuilder().setEventId(UUID.randomUUID()).setWorkspaceId("demo")
        .setOccurredAt(Instant.parse("2026-12-07T10:00:00Z")).setSource("variable-resolver-service")
        .setCallId("call-1").setCampaignId("spring-promo").setStatus(status).build();
  }
}
