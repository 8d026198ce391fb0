package io.contactsplatform.dncservice.dnc;

import io.contactsplatform.events.contact.change.ContactChange;
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
 * Thin batch listener: hands each poll of contact-changes to {@link ContactOptOuts} and waits for
 * it. A record that could not be decoded ends the batch there: the changes before it are applied,
 * then a {@link BatchListenerFailedException} with its index lets the shared error handler commit
 * those, dead-letter it and redeliver the rest; a change that fails inside the batch is reported
 * the same way (an invalid one is dead-lettered with its reason). Tombstones are skipped.
 */
@Component
class ContactChangeListener {

  private static final LogAccessor LOG = new LogAccessor(ContactChangeListener.class);

  private final ContactOptOuts optOuts;

  ContactChangeListener(ContactOptOuts optOuts) {
    this.optOuts = optOuts;
  }

  @KafkaListener(id = "dnc-contact-opt-outs", idIsGroup = false, topics = Topics.Names.CONTACT_CHANGES, batch = "true")
  void on(List<ConsumerRecord<String, ContactChange>> records) {
    List<ContactChange> batch = new ArrayList<>(records.size());
    List<Integer> positions = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      ConsumerRecord<String, ContactChange> record = records.get(i);
      DeserializationException undecodable = SerializationUtils.getExceptionFromHeader(record,
          SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
      if (undecodable != null) {
        apply(batch, positions);
        throw new BatchListenerFailedException("undecodable contact-changes record", undecodable, i);
      }
      if (record.value() != null) {
        batch.add(record.value());
        positions.add(i);
      }
    }
    apply(batch, positions);
  }

  private void apply(List<ContactChange> batch, List<Integer> positions) {
    try {
      ListenerCompletion.await(optOuts.applyAll(batch));
    } catch (BatchFailure failure) {
      throw new BatchListenerFailedException(failure.getMessage(), failure.getCause(), positions.get(failure.index()));
    } catch (RuntimeException e) {
      throw new BatchListenerFailedException("contact-changes batch failed: " + e, e,
          positions.isEmpty() ? 0 : positions.get(0));
    }
  }
}
