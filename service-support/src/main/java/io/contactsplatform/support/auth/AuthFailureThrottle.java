package io.contactsplatform.support.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Limits how many failed authentications (missing or unknown API key) one client may cause: each
 * client address has a Bucket4j token bucket of {@code max-failures} tokens refilled greedily over
 * {@code window}; every failure takes a token, and a failure finding the bucket empty is answered
 * 429 with {@code Retry-After} instead of 401. Requests with a valid key never take a token and are
 * never throttled, so a client that mistyped a key recovers at once with the right one.
 *
 * <p>Limits: the client is the connection's remote address (behind a proxy, configure
 * {@code server.forward-headers-strategy} so that it is the caller's address); buckets are kept in a
 * Caffeine cache bounded to {@code max-clients} entries, idle ones dropped after a window, so a flood
 * from very many addresses evicts buckets early (less throttling, never unbounded memory). The
 * limit is per service instance, not shared across replicas.
 */
public final class AuthFailureThrottle {

  private final Cache<String, Bucket> buckets;
  private final Bandwidth bandwidth;

  public AuthFailureThrottle(WorkspaceAuthProperties.FailureThrottle settings) {
    this.bandwidth = Bandwidth.builder().capacity(settings.maxFailures())
        .refillGreedy(settings.maxFailures(), settings.window()).build();
    this.buckets = Caffeine.newBuilder()
        .maximumSize(settings.maxClients())
        .expireAfterAccess(settings.window().multipliedBy(2))
        .build();
  }

  /**
   * Records one failed authentication of {@code client}: empty when it may still be answered 401,
   * otherwise the seconds (at least 1) after which the client may try again.
   */
  public OptionalLong recordFailure(String client) {
    Bucket bucket = buckets.get(client, c -> Bucket.builder().addLimit(bandwidth).build());
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      return OptionalLong.empty();
    }
    long nanos = probe.getNanosToWaitForRefill();
    return OptionalLong.of(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
  }

  /** Number of client addresses whose buckets are kept. */
  long trackedClients() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }

  static Duration defaultWindow() {
    return Duration.ofSeconds(10);
  }
}
