package io.contactsplatform.resolver.readmodel;

import io.contactsplatform.events.dnc.change.DncChange;
import io.contactsplatform.support.kafka.ListenerCompletion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Thin listener: projects dnc-changes into {@link DncReadModel} and reports each finished record's
 * position to {@link DncReadiness} (a dead-lettered record counts as finished, exactly as its
 * committed offset would).
 */
@Component
class DncChangeListener {

  private final DncReadModel dnc;
  private final DncReadiness readiness;

  DncChangeListener(DncReadModel dnc, DncReadiness readiness) {
    this.dnc = dnc;
    this.readiness = readiness;
  }

  @KafkaListener(id = "resolver-dnc-changes", idIsGroup = false, topics = "dnc-changes")
  void on(ConsumerRecord<String, DncChange> record) {
    ListenerCompletion.await(dnc.apply(record.value()));
    readiness.applied(record.partition(), record.offset());
  }
}
