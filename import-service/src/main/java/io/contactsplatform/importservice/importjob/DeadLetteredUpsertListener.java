package io.contactsplatform.importservice.importjob;

import io.contactsplatform.events.contact.upsert.ContactUpsert;
import io.contactsplatform.schemas.EventCodec;
import io.contactsplatform.schemas.InvalidEventException;
import io.contactsplatform.schemas.SingleObjectEventCodec;
import io.contactsplatform.support.kafka.DeadLetters;
import io.contactsplatform.support.kafka.ListenerCompletion;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Watches {@code contact-upserts.DLT}: an import row whose upsert contact-service dead-lettered
 * will never be answered, so it is counted as rejected ({@code DEAD_LETTERED}, with the
 * {@code dlt-reason}) and its import can still finish. Reads raw bytes (its own container
 * factory): a dead letter that is not a decodable ContactUpsert, or not an import row, is skipped.
 */
@Component
class DeadLetteredUpsertListener {

  private static final Logger log = LoggerFactory.getLogger(DeadLetteredUpsertListener.class);

  private final ImportResults results;
  private final EventCodec codec = new SingleObjectEventCodec();

  DeadLetteredUpsertListener(ImportResults results) {
    this.results = results;
  }

  @KafkaListener(id = "import-upsert-dead-letters", idIsGroup = false, topics = ImportConfiguration.UPSERTS_DLT,
      containerFactory = ImportConfiguration.RAW_LISTENER_FACTORY)
  void on(ConsumerRecord<String, byte[]> record) {
    ContactUpsert upsert;
    try {
      upsert = record.value() == null ? null : codec.decode(ContactUpsert.class, record.value());
    } catch (InvalidEventException e) {
      log.debug("skipping undecodable dead letter {}-{}@{}", record.topic(), record.partition(), record.offset());
      return;
    }
    if (upsert != null) {
      Header reason = record.headers().lastHeader(DeadLetters.REASON_HEADER);
      ListenerCompletion.await(results.applyDeadLetter(upsert,
          reason == null ? "no reason given" : new String(reason.value(), StandardCharsets.UTF_8)));
    }
  }
}
