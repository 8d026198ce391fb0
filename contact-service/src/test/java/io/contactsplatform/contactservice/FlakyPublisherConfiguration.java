package io.contactsplatform.contactservice;

import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.schemas.Topic;
import io.contactsplatform.support.kafka.EventPublisher;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.publisher.Mono;

/**
 * A publisher that fails exactly once: the first contact-changes publish for a contact whose
 * first name is {@value #FAIL_ONCE}, simulating a broker error between the store write and the publish.
 */
@TestConfiguration(proxyBeanMethods = false)
class FlakyPublisherConfiguration {

  static final String FAIL_ONCE = "FailOnce";

  @Bean
  EventPublisher eventPublisher(KafkaTemplate<String, Object> template) {
    AtomicBoolean failed = new AtomicBoolean();
    return new EventPublisher(template) {
      @Override
      public <V extends SpecificRecord> Mono<Void> publish(Topic<V> topic, String key, V event) {
        if (event instanceof ContactChange change && change.getContact() != null
            && FAIL_ONCE.equals(change.getContact().getFirstName()) && failed.compareAndSet(false, true)) {
          return Mono.error(new org.apache.kafka.common.errors.TimeoutException("simulated broker timeout"));
        }
        return super.publish(topic, key, event);
      }
    };
  }
}
