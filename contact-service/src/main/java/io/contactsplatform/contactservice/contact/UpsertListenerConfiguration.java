package io.contactsplatform.contactservice.contact;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * The batch container factory for contact-upserts: configured like Boot's default (so it uses
 * the shared dead-lettering error handler), plus batch delivery and
 * {@code platform.contacts.upserts.concurrency} consumers (default 3, one per partition: while
 * one consumer plans or waits for the broker's acknowledgements, another one's batch keeps the
 * store busy; a number always lands on the same partition, so one consumer sees all its rows in
 * order). Known limit, as with several instances: two upserts that share a new
 * {@code externalId} under different numbers may be applied by two consumers at once and make two
 * contacts (the external-id key is claimed best effort, see {@link ContactStore#claimKeysIfFree}).
 */
@Configuration(proxyBeanMethods = false)
class UpsertListenerConfiguration {

  static final String FACTORY = "contactUpsertBatchFactory";

  @Bean(FACTORY)
  ConcurrentKafkaListenerContainerFactory<Object, Object> contactUpsertBatchFactory(
      ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumerFactory,
      ObjectProvider<ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>>> customizer,
      @Value("${platform.contacts.upserts.concurrency:3}") int concurrency) {
    ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
    configurer.configure(factory, consumerFactory);
    factory.setBatchListener(true);
    factory.setConcurrency(concurrency);
    // the shared customizer: static group membership, like every other listener
    customizer.ifUnique(factory::setContainerCustomizer);
    return factory;
  }
}
