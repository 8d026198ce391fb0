package io.contactsplatform.contactservice.dncview;

import io.contactsplatform.events.dnc.change.DncChange;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Thin listener: projects dnc-changes into the contacts' DNC view. */
@Component
class DncChangeListener {

  private final DncViewStore store;

  DncChangeListener(DncViewStore store) {
    this.store = store;
  }

  @KafkaListener(id = "contact-dnc-view", idIsGroup = false, topics = "dnc-changes")
  Mono<Void> on(DncChange change) {
    return Mono.defer(() -> store.apply(change));
  }
}
