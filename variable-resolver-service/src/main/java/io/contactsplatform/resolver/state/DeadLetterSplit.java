package io.contactsplatform.resolver.state;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Splits a processor's output on the {@link DeadLetterRecords#TARGET_HEADER} header (a stream
 * filter sees no headers): this one passes dead letters only, {@link Others} everything else.
 */
class DeadLetterSplit implements Processor<String, byte[], String, byte[]> {

  private ProcessorContext<String, byte[]> context;

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (DeadLetterRecords.isDeadLetter(record.headers()) == wantDeadLetters()) {
      context.forward(record);
    }
  }

  boolean wantDeadLetters() {
    return true;
  }

  /** Passes every record that is not a dead letter. */
  static final class Others extends DeadLetterSplit {

    @Override
    boolean wantDeadLetters() {
      return false;
    }
  }
}
