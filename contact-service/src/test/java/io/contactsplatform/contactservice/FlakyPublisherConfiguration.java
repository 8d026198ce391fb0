package io.contactsplatform.contactservice;

import io.contactsplatform.contactservice.contact.UpsertEventSender;
import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.schemas.Topic;
import io.contactsplatform.support.kafka.EventPublisher;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import reactor.core.publisher.Mono;

/**
 * Publishers (the API's and the upsert path's) that fail exactly once per first name starting
 * with {@value #FAIL_ONCE}: the first contact-changes publish for such a contact fails,
 * simulating a broker error between the store write and the publish.
 */
@TestConfiguration(proxyBeanMethods = false)
class FlakyPublisherConfiguration {

  static final String FAIL_ONCE = "FailOnce";

  private final Set<String> failed = ConcurrentHashMap.newKeySet();

  @Bean
  EventPublisher eventPublisher(KafkaTemplate<String, Object> template) {
    return new EventPublisher(template) {
      @Override
      public <V extends SpecificRecord> Mono<Void> publish(Topic<V> topic, String key, V event) {
        if (failsOnce(event)) {
          return Mono.error(new TimeoutException("simulated broker timeout"));
        }
        return super.publish(topic, key, event);
      }
    };
  }

  @Bean
  @Primary
  UpsertEventSender flakyUpsertEventSender(ProducerFactory<String, Object> producerFactory) {
    return new UpsertEventSender(producerFactory, "contact-service-test", 10, 262_144, "lz4") {
      @Override
      protected CompletableFuture<?> send(ProducerRecord<String, Object> record) {
        if (failsOnce(record.value())) {
          return CompletableFuture.failedFuture(new TimeoutException("simulated broker timeout"));
        }
        return super.send(record);
      }
    };
  }

  private boolean failsOnce(Object event) {
    return event instanceof ContactChange change && change.getContact() != null
        && change.getContact().getFirstName() != null
        && change.getContact().getFirstName().startsWith(FAIL_ONCE)
        && failed.add(change.getContact().getFirstName());
  }
}
