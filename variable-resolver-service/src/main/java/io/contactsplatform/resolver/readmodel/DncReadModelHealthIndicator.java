package io.contactsplatform.resolver.readmodel;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health contributor {@code dncReadModel}: UP once the DNC read model is caught up, OUT_OF_SERVICE
 * before (every call is blocked meanwhile), with per-partition progress as details.
 */
@Component("dncReadModelHealthIndicator")
class DncReadModelHealthIndicator implements HealthIndicator {

  private final DncReadiness readiness;

  DncReadModelHealthIndicator(DncReadiness readiness) {
    this.readiness = readiness;
  }

  @Override
  public Health health() {
    Health.Builder builder = readiness.isCaughtUp() ? Health.up()
        : Health.outOfService().withDetail("reason", DncReadiness.NOT_LOADED);
    return builder.withDetails(readiness.details()).build();
  }
}
