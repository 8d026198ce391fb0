package io.contactsplatform.contactservice.contact;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * The batch container factory for contact-upserts: configured like Boot's default (so it uses
 * the shared dead-lettering error handler), plus batch delivery and
 * {@code platform.contacts.upserts.concurrency} consumers (default 1: the embedded store gains
 * little from parallel writers, and one consumer keeps per-batch lookups large).
 */
@Configuration(proxyBeanMethods = false)
class UpsertListenerConfiguration {

  static final String FACTORY = "contactUpsertBatchFactory";

  @Bean(FACTORY)
  ConcurrentKafkaListenerContainerFactory<Object, Object> contactUpsertBatchFactory(
      ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumerFactory,
      @Value("${platform.contacts.upserts.concurrency:1}") int concurrency) {
    ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
    configurer.configure(factory, consumerFactory);
    factory.setBatchListener(true);
    factory.setConcurrency(concurrency);
    return factory;
  }
}
