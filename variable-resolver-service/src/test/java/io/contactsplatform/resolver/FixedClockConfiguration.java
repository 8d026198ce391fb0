package io.contactsplatform.resolver;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Fixes the service's clock at Wednesday 2026-11-04 16:00Z (11:00 in New York, 08:00 in Los Angeles). */
@TestConfiguration(proxyBeanMethods = false)
class FixedClockConfiguration {

  static final Instant NOW = Instant.parse("2026-11-04T16:00:00Z");

  @Bean
  @Primary
  Clock fixedTestClock() {
    return Clock.fixed(NOW, ZoneOffset.UTC);
  }
}
