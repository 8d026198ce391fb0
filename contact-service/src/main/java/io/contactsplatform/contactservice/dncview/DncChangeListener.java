package io.contactsplatform.contactservice.dncview;

import io.contactsplatform.events.dnc.change.DncChange;
import io.contactsplatform.support.kafka.ListenerCompletion;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Thin listener: projects dnc-changes into the contacts' DNC view. */
@Component
class DncChangeListener {

  private final DncProjection projection;

  DncChangeListener(DncProjection projection) {
    this.projection = projection;
  }

  @KafkaListener(id = "contact-dnc-view", idIsGroup = false, topics = "dnc-changes")
  void on(DncChange change) {
    ListenerCompletion.await(projection.apply(change));
  }
}
