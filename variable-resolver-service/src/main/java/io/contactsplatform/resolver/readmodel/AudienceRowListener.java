package io.contactsplatform.resolver.readmodel;

import io.contactsplatform.events.audience.AudienceRow;
import io.contactsplatform.support.kafka.ListenerCompletion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Thin listener: projects audience-rows into {@link AudienceRowStore}. */
@Component
class AudienceRowListener {

  private final AudienceRowStore rows;

  AudienceRowListener(AudienceRowStore rows) {
    this.rows = rows;
  }

  @KafkaListener(id = "resolver-audience-rows", idIsGroup = false, topics = "audience-rows")
  void on(ConsumerRecord<String, AudienceRow> record) {
    ListenerCompletion.await(rows.apply(record.value()));
  }
}
