package io.contactsplatform.support.web;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoDatabase;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.mongodb.autoconfigure.MongoProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoReactiveAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The service's own MongoDB database (from {@code spring.mongodb.uri} or
 * {@code spring.mongodb.database}), used through the official reactive driver.
 */
@AutoConfiguration(after = MongoReactiveAutoConfiguration.class,
    beforeName = "org.springframework.boot.mongodb.autoconfigure.health.MongoReactiveHealthContributorAutoConfiguration")
public class MongoDatabaseAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  MongoDatabase serviceDatabase(MongoClient client, MongoProperties properties) {
    return client.getDatabase(properties.getMongoClientDatabase());
  }

  /** Named so that it replaces Boot's {@code hello}-based indicator. */
  @Bean(name = "mongoHealthIndicator")
  StoreHealthIndicator mongoHealthIndicator(MongoDatabase database) {
    return new StoreHealthIndicator(database);
  }
}
