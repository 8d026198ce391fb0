package io.contactsplatform.contactservice;

import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.schemas.Topic;
import io.contactsplatform.support.kafka.EventPublisher;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.publisher.Mono;

/**
 * A publisher that fails exactly once per first name starting with {@value #FAIL_ONCE}: the
 * first contact-changes publish for such a contact fails, simulating a broker error between the
 * store write and the publish.
 */
@TestConfiguration(proxyBeanMethods = false)
class FlakyPublisherConfiguration {

  static final String FAIL_ONCE = "FailOnce";

  @Bean
  EventPublisher eventPublisher(KafkaTemplate<String, Object> template) {
    Set<String> failed = ConcurrentHashMap.newKeySet();
    return new EventPublisher(template) {
      @Override
      public <V extends SpecificRecord> Mono<Void> publish(Topic<V> topic, String key, V event) {
        if (event instanceof ContactChange change && change.getContact() != null
            && change.getContact().getFirstName() != null
            && change.getContact().getFirstName().startsWith(FAIL_ONCE)
            && failed.add(change.getContact().getFirstName())) {
          return Mono.error(new org.apache.kafka.common.errors.TimeoutException("simulated broker timeout"));
        }
        return super.publish(topic, key, event);
      }
    };
  }
}
