package io.contactsplatform.importservice.crm;

import io.contactsplatform.events.crm.CrmContactUpdate;
import io.contactsplatform.schemas.Topics;
import io.contactsplatform.support.kafka.ListenerCompletion;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Thin listener: hands each crm-contact-updates event to {@link CrmUpdates} and waits for it. */
@Component
class CrmUpdateListener {

  private final CrmUpdates updates;

  CrmUpdateListener(CrmUpdates updates) {
    this.updates = updates;
  }

  @KafkaListener(id = "import-crm-updates", idIsGroup = false, topics = Topics.Names.CRM_CONTACT_UPDATES)
  void on(CrmContactUpdate update) {
    ListenerCompletion.await(updates.apply(update));
  }
}
