package io.contactsplatform.contactservice.contact;

import io.contactsplatform.events.contact.upsert.ContactUpsert;
import io.contactsplatform.support.kafka.ListenerCompletion;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Thin listener: hands each contact-upserts event to {@link ContactUpserts} and waits for it. */
@Component
class ContactUpsertListener {

  private final ContactUpserts upserts;

  ContactUpsertListener(ContactUpserts upserts) {
    this.upserts = upserts;
  }

  @KafkaListener(id = "contact-upserts", idIsGroup = false, topics = "contact-upserts")
  void on(ContactUpsert upsert) {
    ListenerCompletion.await(upserts.apply(upsert));
  }
}
