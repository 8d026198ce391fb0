package io.contactsplatform.importservice.importjob;

import io.contactsplatform.events.contact.result.ContactUpsertResult;
import io.contactsplatform.schemas.Topics;
import io.contactsplatform.support.kafka.ListenerCompletion;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Thin listener: hands each poll of contact-upsert-results to {@link ImportResults} and waits for
 * it. A batch listener, so a million answers cost a few thousand store writes, not a million.
 */
@Component
class UpsertResultListener {

  private final ImportResults results;

  UpsertResultListener(ImportResults results) {
    this.results = results;
  }

  @KafkaListener(id = "import-upsert-results", idIsGroup = false, topics = Topics.Names.CONTACT_UPSERT_RESULTS, batch = "true")
  void on(List<ConsumerRecord<String, ContactUpsertResult>> records) {
    ListenerCompletion.await(results.applyBatch(records));
  }
}
