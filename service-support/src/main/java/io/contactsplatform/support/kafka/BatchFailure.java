package io.contactsplatform.support.kafka;

/**
 * A batch of records failed at {@link #index()}: every record before it is fully applied. A batch
 * listener turns it into a {@code BatchListenerFailedException} for that record, so the shared
 * error handler commits the records before it and retries or dead-letters that one.
 */
public class BatchFailure extends RuntimeException {

  private final int index;

  /** {@code what} names one record in the message ("upsert", "contact change"). */
  public BatchFailure(String what, int index, Throwable cause) {
    super(what + " #" + index + " of the batch failed: " + cause, cause);
    this.index = index;
  }

  public int index() {
    return index;
  }
}
