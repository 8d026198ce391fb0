package io.contactsplatform.resolver.readmodel;

import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.support.kafka.ListenerCompletion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Thin listener: projects contact-changes into this instance's {@link ContactReadModel} (group
 * {@link ReadModelGroup}) and reports progress to {@link ContactViewLoad}. A null value is a
 * Kafka tombstone and is skipped.
 */
@Component
class ContactChangeListener {

  private final ContactReadModel contacts;
  private final ContactViewLoad load;

  ContactChangeListener(ContactReadModel contacts, ContactViewLoad load) {
    this.contacts = contacts;
    this.load = load;
  }

  @KafkaListener(id = "resolver-contact-changes", groupId = "#{@readModelGroup.id()}", topics = "contact-changes")
  void on(ConsumerRecord<String, ContactChange> record) {
    if (record.value() != null) {
      ListenerCompletion.await(contacts.apply(record.value()));
    }
    load.applied(record.topic(), record.partition(), record.offset());
  }
}
