package io.contactsplatform.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.schemas.InvalidEventException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

class DeadLettersTest {

  @Test
  void shouldReportTheContractViolationAsReason() {
    Exception failure = new ListenerExecutionFailedException("Listener failed",
        new SerializationException("dnc-commands: x", new InvalidEventException("DncCommand has no workspaceId")));

    assertThat(DeadLetters.reasonOf(failure)).isEqualTo("DncCommand has no workspaceId");
  }

  @Test
  void shouldFallBackToTheDeepestCause() {
    Exception failure = new ListenerExecutionFailedException("Listener failed",
        new IllegalStateException("outer", new ArithmeticException("/ by zero")));

    assertThat(DeadLetters.reasonOf(failure)).isEqualTo("ArithmeticException: / by zero");
  }
}
