package io.contactsplatform.contactservice.contact;

import io.contactsplatform.events.contact.upsert.ContactUpsert;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Thin listener: hands each contact-upserts event to {@link ContactUpserts}. */
@Component
class ContactUpsertListener {

  private final ContactUpserts upserts;

  ContactUpsertListener(ContactUpserts upserts) {
    this.upserts = upserts;
  }

  @KafkaListener(id = "contact-upserts", idIsGroup = false, topics = "contact-upserts")
  Mono<Void> on(ContactUpsert upsert) {
    return Mono.defer(() -> upserts.apply(upsert));
  }
}
