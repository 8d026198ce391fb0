package io.contactsplatform.support.lease;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code platform.lease.*}: who this instance is and how long its leases last.
 *
 * @param instanceId  this instance's owner id (default: hostname-pid-random, see {@link InstanceIds})
 * @param ttl         how long a claimed or renewed lease lasts without a heartbeat (default 30 s);
 *                    an owner that dies is taken over at most this long after its last renewal
 * @param renewEvery  heartbeat period while work runs (default 10 s, at most a third of the TTL
 *                    so that two missed heartbeats still leave the lease valid)
 * @param scanEvery   how often orphaned jobs (lease expired) are looked for (default 30 s)
 */
@ConfigurationProperties("platform.lease")
public record LeaseProperties(String instanceId, Duration ttl, Duration renewEvery, Duration scanEvery) {

  public LeaseProperties {
    ttl = ttl == null ? Duration.ofSeconds(30) : ttl;
    renewEvery = renewEvery == null ? Duration.ofSeconds(10) : renewEvery;
    scanEvery = scanEvery == null ? Duration.ofSeconds(30) : scanEvery;
    if (renewEvery.compareTo(ttl) >= 0) {
      throw new IllegalArgumentException("platform.lease.renew-every must be shorter than platform.lease.ttl");
    }
    instanceId = instanceId == null || instanceId.isBlank() ? InstanceIds.generate() : instanceId.trim();
  }
}
