package io.contactsplatform.dncservice.dnc;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The clock every DNC rule, sweep and event reads (UTC system clock; tests swap in their own) and
 * the scheduler running the outbox and expiry sweeps.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class DncConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }
}
