package io.contactsplatform.resolver.readmodel;

import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health contributor {@code dncReadModel}: UP while the DNC read model is provably within its lag
 * bound, OUT_OF_SERVICE otherwise (every call is blocked meanwhile), with the reason and
 * per-partition progress as details.
 */
@Component("dncReadModelHealthIndicator")
class DncReadModelHealthIndicator implements HealthIndicator {

  private final DncReadiness readiness;

  DncReadModelHealthIndicator(DncReadiness readiness) {
    this.readiness = readiness;
  }

  @Override
  public Health health() {
    Map<String, Object> details = readiness.details();
    Health.Builder builder = Boolean.TRUE.equals(details.get("caughtUp")) ? Health.up() : Health.outOfService();
    return builder.withDetails(details).build();
  }
}
