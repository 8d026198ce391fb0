package io.contactsplatform.importservice.importjob;

import io.contactsplatform.events.contact.result.ContactUpsertResult;
import io.contactsplatform.support.kafka.ListenerCompletion;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Thin listener: hands each contact-upsert-results event to {@link ImportResults} and waits for it. */
@Component
class UpsertResultListener {

  private final ImportResults results;

  UpsertResultListener(ImportResults results) {
    this.results = results;
  }

  @KafkaListener(id = "import-upsert-results", idIsGroup = false, topics = "contact-upsert-results")
  void on(ContactUpsertResult result) {
    ListenerCompletion.await(results.apply(result));
  }
}
