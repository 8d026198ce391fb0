package io.contactsplatform.resolver.readmodel;

import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.support.kafka.ListenerCompletion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Thin listener: projects contact-changes into {@link ContactReadModel}. */
@Component
class ContactChangeListener {

  private final ContactReadModel contacts;

  ContactChangeListener(ContactReadModel contacts) {
    this.contacts = contacts;
  }

  @KafkaListener(id = "resolver-contact-changes", idIsGroup = false, topics = "contact-changes")
  void on(ConsumerRecord<String, ContactChange> record) {
    ListenerCompletion.await(contacts.apply(record.value()));
  }
}
