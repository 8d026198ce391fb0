package io.contactsplatform.support.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class AuthFailureThrottleTest {

  @Test
  void shouldAllowMaxFailuresPerClientThenAskToRetryLater() {
    AuthFailureThrottle throttle = new AuthFailureThrottle(
        new WorkspaceAuthProperties.FailureThrottle(3, Duration.ofSeconds(10), 100));

    for (int i = 0; i < 3; i++) {
      assertThat(throttle.recordFailure("10.0.0.1")).isEmpty();
    }
    OptionalLong retryAfter = throttle.recordFailure("10.0.0.1");
    assertThat(retryAfter).isPresent();
    assertThat(retryAfter.getAsLong()).isBetween(1L, 10L);
    assertThat(throttle.recordFailure("10.0.0.2")).as("another client has its own bucket").isEmpty();
  }

  @Test
  void shouldKeepAtMostMaxClientsBuckets() {
    AuthFailureThrottle throttle = new AuthFailureThrottle(
        new WorkspaceAuthProperties.FailureThrottle(3, Duration.ofSeconds(10), 100));

    for (int i = 0; i < 5_000; i++) {
      throttle.recordFailure("10.0." + (i / 256) + "." + (i % 256));
    }
    assertThat(throttle.trackedClients()).isLessThanOrEqualTo(100);
  }
}
