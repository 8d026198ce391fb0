package io.contactsplatform.dncservice.dnc;

import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.support.kafka.ListenerCompletion;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Thin listener: hands each contact-changes event to {@link ContactOptOuts} and waits for it
 *.
 */
@Component
class ContactChangeListener {

  private final ContactOptOuts optOuts;

  ContactChangeListener(ContactOptOuts optOuts) {
    this.optOuts = optOuts;
  }

  @KafkaListener(id = "dnc-contact-opt-outs", idIsGroup = false, topics = "contact-changes")
  void on(ContactChange change) {
    ListenerCompletion.await(optOuts.apply(change));
  }
}
