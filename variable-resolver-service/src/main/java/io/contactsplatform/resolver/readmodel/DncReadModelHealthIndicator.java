package io.contactsplatform.resolver.readmodel;

import io.contactsplatform.resolver.state.ResolverStreams;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health contributor {@code dncReadModel}: UP while the Streams application runs and the DNC
 * state of every partition this instance serves is provably within its lag bound,
 * OUT_OF_SERVICE otherwise (calls to those partitions' numbers are blocked meanwhile), with the
 * reason and per-partition progress as details.
 */
@Component("dncReadModelHealthIndicator")
class DncReadModelHealthIndicator implements HealthIndicator {

  private final DncReadiness readiness;
  private final ResolverStreams streams;

  DncReadModelHealthIndicator(DncReadiness readiness, ResolverStreams streams) {
    this.readiness = readiness;
    this.streams = streams;
  }

  @Override
  public Health health() {
    if (!streams.isRunningState()) {
      return Health.outOfService().withDetail("caughtUp", false)
          .withDetail("reason", "resolver state not loaded yet (Kafka Streams " + streams.state() + ")").build();
    }
    Set<Integer> served = streams.localPartitions();
    Map<String, Object> details = readiness.details(served);
    Health.Builder builder = Boolean.TRUE.equals(details.get("caughtUp")) ? Health.up() : Health.outOfService();
    return builder.withDetails(details).withDetail("servedPartitions", served).build();
  }
}
