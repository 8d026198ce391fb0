package io.contactsplatform.resolver.readmodel;

import io.contactsplatform.events.dnc.change.DncChange;
import io.contactsplatform.support.kafka.ListenerCompletion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Thin batch listener: projects each poll of dnc-changes into {@link DncReadModel} at once, then
 * reports every applied record's position to {@link DncReadiness}. Failures name the record they
 * stop at ({@link BatchListenerFailedException}), so the error handler commits what came before
 * and handles that one record: a contract violation or undecodable record is dead-lettered at
 * once; any other failure is retried without limit (a DNC change is never given up; meanwhile the
 * lag bound blocks every call). A null value without a deserialization error is a Kafka tombstone
 * and is skipped.
 */
@Component
class DncChangeListener {

  static final String ID = "resolver-dnc-changes";
  private static final LogAccessor LOG = new LogAccessor(LogFactory.getLog(DncChangeListener.class));

  private final DncReadModel dnc;
  private final DncReadiness readiness;

  DncChangeListener(DncReadModel dnc, DncReadiness readiness) {
    this.dnc = dnc;
    this.readiness = readiness;
  }

  @KafkaListener(id = ID, groupId = "#{@readModelGroup.id()}", topics = "dnc-changes", batch = "true")
  void on(List<ConsumerRecord<String, DncChange>> records) {
    List<DncChange> changes = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    int undecodable = -1;
    for (int i = 0; i < records.size() && undecodable < 0; i++) {
      ConsumerRecord<String, DncChange> record = records.get(i);
      if (record.value() != null) {
        changes.add(record.value());
        positions.add(i);
      } else if (record.headers().lastHeader(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER) != null) {
        undecodable = i;
      }
    }
    try {
      ListenerCompletion.await(dnc.apply(changes));
    } catch (DncReadModel.InvalidChange e) {
      int failed = positions.get(e.index());
      applied(records, failed);
      throw new BatchListenerFailedException(e.getMessage(), e, failed);
    } catch (RuntimeException e) {
      throw new BatchListenerFailedException("DNC changes not applied: " + e.getMessage(), e, 0);
    }
    if (undecodable >= 0) {
      applied(records, undecodable);
      throw new BatchListenerFailedException("undecodable DncChange", SerializationUtils.getExceptionFromHeader(
          records.get(undecodable), SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG), undecodable);
    }
    applied(records, records.size());
  }

  private void applied(List<ConsumerRecord<String, DncChange>> records, int end) {
    Map<Integer, Long> last = new HashMap<>();
    for (int i = 0; i < end; i++) {
      last.merge(records.get(i).partition(), records.get(i).offset(), Math::max);
    }
    last.forEach(readiness::applied);
  }
}
