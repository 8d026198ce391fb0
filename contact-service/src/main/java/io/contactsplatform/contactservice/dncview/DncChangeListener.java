package io.contactsplatform.contactservice.dncview;

import io.contactsplatform.events.dnc.change.DncChange;
import io.contactsplatform.schemas.InvalidEventException;
import io.contactsplatform.schemas.Topics;
import io.contactsplatform.support.kafka.DncChangeChecks;
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
 * Thin batch listener: projects each poll of dnc-changes into the contacts' DNC view at once. A
 * record that could not be decoded, or breaks the contract ({@link DncChangeChecks}, as the resolver
 * checks it: e.g. a {@code phoneE164} that is not E.164), ends the batch there: the changes before it are applied, then a
 * {@link BatchListenerFailedException} with its index lets the shared error handler commit those,
 * dead-letter it and redeliver the rest. A failed projection is retried from the batch's first
 * change (applying a change again is a no-op). Tombstones are skipped.
 */
@Component
class DncChangeListener {

  private static final LogAccessor LOG = new LogAccessor(DncChangeListener.class);

  private final DncProjection projection;

  DncChangeListener(DncProjection projection) {
    this.projection = projection;
  }

  @KafkaListener(id = "contact-dnc-view", idIsGroup = false, topics = Topics.Names.DNC_CHANGES, batch = "true")
  void on(List<ConsumerRecord<String, DncChange>> records) {
    List<DncChange> batch = new ArrayList<>(records.size());
    int first = -1;
    for (int i = 0; i < records.size(); i++) {
      ConsumerRecord<String, DncChange> record = records.get(i);
      DeserializationException undecodable = SerializationUtils.getExceptionFromHeader(record,
          SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
      if (undecodable != null) {
        apply(batch, first);
        throw new BatchListenerFailedException("undecodable dnc-changes record", undecodable, i);
      }
      if (record.value() != null) {
        try {
          DncChangeChecks.requireValid(record.value());
        } catch (InvalidEventException invalid) {
          apply(batch, first);
          throw new BatchListenerFailedException("invalid dnc-changes record", invalid, i);
        }
        batch.add(record.value());
        first = first < 0 ? i : first;
      }
    }
    apply(batch, first);
  }

  private void apply(List<DncChange> batch, int first) {
    try {
      ListenerCompletion.await(projection.applyAll(batch));
    } catch (RuntimeException e) {
      throw new BatchListenerFailedException("dnc-changes batch failed: " + e, e, Math.max(first, 0));
    }
  }
}
