package io.contactsplatform.contactservice.contact;

import io.contactsplatform.events.contact.upsert.ContactUpsert;
import io.contactsplatform.schemas.Topics;
import io.contactsplatform.support.kafka.BatchFailure;
import io.contactsplatform.support.kafka.ListenerCompletion;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Thin batch listener: hands each poll of contact-upserts to {@link ContactUpserts} and waits for
 * it. A record that could not be decoded (its value is null and the deserializer's exception
 * travels in a header) ends the batch there: the records before it are applied, then a
 * {@link BatchListenerFailedException} with its index lets the shared error handler commit those,
 * dead-letter it and redeliver the rest. A failure inside the batch is reported the same way at
 * the first upsert not fully applied. Polls wait up to {@code fetch-max-wait-ms} (50 ms) for
 * {@code fetch-min-bytes} (256 KB), so an import arrives in full batches rather than a trickle of
 * small ones, each paying its own lookups, commit and round trips.
 */
@Component
class ContactUpsertListener {

  private static final LogAccessor LOG = new LogAccessor(ContactUpsertListener.class);

  private final ContactUpserts upserts;

  ContactUpsertListener(ContactUpserts upserts) {
    this.upserts = upserts;
  }

  @KafkaListener(id = "contact-upserts", idIsGroup = false, topics = Topics.Names.CONTACT_UPSERTS,
      containerFactory = UpsertListenerConfiguration.FACTORY,
      properties = {"max.poll.records:${platform.contacts.upserts.max-poll-records:1000}",
          "fetch.min.bytes:${platform.contacts.upserts.fetch-min-bytes:262144}",
          "fetch.max.wait.ms:${platform.contacts.upserts.fetch-max-wait-ms:50}"})
  void on(List<ConsumerRecord<String, ContactUpsert>> records) {
    List<ContactUpsert> batch = new ArrayList<>(records.size());
    for (ConsumerRecord<String, ContactUpsert> record : records) {
      DeserializationException undecodable = SerializationUtils.getExceptionFromHeader(record,
          SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
      if (undecodable != null || record.value() == null) {
        apply(batch);
        throw new BatchListenerFailedException("undecodable contact-upserts record", undecodable, batch.size());
      }
      batch.add(record.value());
    }
    apply(batch);
  }

  private void apply(List<ContactUpsert> batch) {
    try {
      ListenerCompletion.await(upserts.apply(batch));
    } catch (BatchFailure failure) {
      throw new BatchListenerFailedException(failure.getMessage(), failure.getCause(), failure.index());
    }
  }
}
