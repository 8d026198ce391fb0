package io.contactsplatform.resolver.resolution;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code platform.resolver.call-starts.max-age} (env {@code CALL_START_MAX_AGE}, default 60 s): how
 * old a call-start (its {@code occurredAt}, the dialer's clock) may be when it is resolved; an older
 * one is answered {@code EXPIRED} instead of being resolved (see {@link Resolver}). The other keys
 * under {@code platform.resolver.call-starts} (concurrency, commit-interval) are read by the listener
 * container. Limit: the age is measured against this host's clock, so clock skew between dialer and
 * resolver shifts it (a call-start stamped in the future is never expired).
 */
@ConfigurationProperties("platform.resolver.call-starts")
public record CallStartProperties(Duration maxAge) {

  static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(60);

  public CallStartProperties {
    maxAge = maxAge == null ? DEFAULT_MAX_AGE : maxAge;
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("platform.resolver.call-starts.max-age must be positive, was " + maxAge);
    }
  }
}
