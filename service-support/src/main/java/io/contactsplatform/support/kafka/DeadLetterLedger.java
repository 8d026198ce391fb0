package io.contactsplatform.support.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Remembers which records a service has dead-lettered, so that a record read again (a consumer group
 * that re-reads a compacted topic from the start at every start, a redelivery after a crash) is not
 * published to the DLT a second time. Keyed by topic, partition and offset.
 */
public interface DeadLetterLedger {

  /** A ledger that remembers nothing: every failure is dead-lettered. */
  DeadLetterLedger NONE = new DeadLetterLedger() {
    @Override
    public boolean claim(ConsumerRecord<?, ?> record) {
      return true;
    }

    @Override
    public void release(ConsumerRecord<?, ?> record) {
    }
  };

  /** True when this record was not dead-lettered before (and is now marked as such); atomic across instances. */
  boolean claim(ConsumerRecord<?, ?> record);

  /** Forgets a claim whose publication failed, so that the next attempt publishes it. */
  void release(ConsumerRecord<?, ?> record);

  static String keyOf(ConsumerRecord<?, ?> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }
}
