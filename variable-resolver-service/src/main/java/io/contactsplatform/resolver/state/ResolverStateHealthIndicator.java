package io.contactsplatform.resolver.state;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health contributor {@code resolverState}: UP while the resolver's Kafka Streams application is
 * RUNNING (every task of this instance restored and processing), OUT_OF_SERVICE before (starting,
 * restoring, rebalancing): calls wait in call-starts meanwhile, the preview answers BLOCKED_OTHER.
 * Details: the Streams state, this instance's {@code application.server} and served partitions.
 */
@Component("resolverStateHealthIndicator")
class ResolverStateHealthIndicator implements HealthIndicator {

  private final ResolverStreams streams;

  ResolverStateHealthIndicator(ResolverStreams streams) {
    this.streams = streams;
  }

  @Override
  public Health health() {
    Health.Builder builder = streams.isRunningState() ? Health.up()
        : streams.startFailure() != null ? Health.down().withDetail("reason", streams.startFailure())
        : Health.outOfService().withDetail("reason", StateQueries.NOT_RUNNING);
    builder.withDetail("streamsState", String.valueOf(streams.state()));
    if (streams.self() != null) {
      builder.withDetail("applicationServer", streams.self().host() + ":" + streams.self().port());
    }
    return builder.withDetail("servedPartitions", streams.localPartitions()).build();
  }
}
