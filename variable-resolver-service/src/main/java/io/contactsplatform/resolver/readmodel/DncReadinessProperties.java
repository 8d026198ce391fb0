package io.contactsplatform.resolver.readmodel;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code platform.resolver.dnc-readiness.*}: how often the end offsets of dnc-changes are read
 * (default 250 ms), and how far behind them the DNC read model may be before every call is
 * blocked as {@code BLOCKED_DNC_UNCERTAIN} (default 5 s).
 */
@ConfigurationProperties("platform.resolver.dnc-readiness")
public record DncReadinessProperties(Duration pollInterval, Duration maxLag) {

  public DncReadinessProperties {
    pollInterval = pollInterval == null ? Duration.ofMillis(250) : pollInterval;
    maxLag = maxLag == null ? Duration.ofSeconds(5) : maxLag;
    if (maxLag.compareTo(pollInterval) <= 0) {
      throw new IllegalArgumentException("platform.resolver.dnc-readiness.max-lag must be longer than poll-interval");
    }
  }
}
