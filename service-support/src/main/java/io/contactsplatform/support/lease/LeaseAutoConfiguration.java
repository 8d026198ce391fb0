package io.contactsplatform.support.lease;

import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.support.web.MongoDatabaseAutoConfiguration;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The service's {@link Leases} on its own database ({@code platform.lease.*}), with the TTL index
 * declared at startup. Uses the service's {@link Clock} bean when it has one.
 */
@AutoConfiguration(after = MongoDatabaseAutoConfiguration.class)
@ConditionalOnBean(MongoDatabase.class)
@EnableConfigurationProperties(LeaseProperties.class)
public class LeaseAutoConfiguration {

  private static final Logger log = LoggerFactory.getLogger(LeaseAutoConfiguration.class);

  @Bean
  @ConditionalOnMissingBean
  Leases leases(MongoDatabase database, LeaseProperties properties, ObjectProvider<Clock> clock) {
    Leases leases = new Leases(database, properties, clock.getIfUnique(Clock::systemUTC));
    leases.declareIndexes().timeout(Duration.ofMinutes(1))
        .subscribe(null, e -> log.warn("could not declare the leases index: {}", e.toString()));
    log.info("lease owner id of this instance: {}", properties.instanceId());
    return leases;
  }
}
