package io.contactsplatform.resolver.readmodel;

import io.contactsplatform.events.audience.AudienceRow;
import io.contactsplatform.support.kafka.ListenerCompletion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Thin listener: projects audience-rows into this instance's {@link AudienceRowStore} (group
 * {@link ReadModelGroup}) and reports progress to {@link ContactViewLoad}. A null value is a Kafka
 * tombstone and is skipped.
 */
@Component
class AudienceRowListener {

  private final AudienceRowStore rows;
  private final ContactViewLoad load;

  AudienceRowListener(AudienceRowStore rows, ContactViewLoad load) {
    this.rows = rows;
    this.load = load;
  }

  @KafkaListener(id = "resolver-audience-rows", groupId = "#{@readModelGroup.id()}", topics = "audience-rows")
  void on(ConsumerRecord<String, AudienceRow> record) {
    if (record.value() != null) {
      ListenerCompletion.await(rows.apply(record.value()));
    }
    load.applied(record.topic(), record.partition(), record.offset());
  }
}
