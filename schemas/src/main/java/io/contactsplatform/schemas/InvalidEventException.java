package io.contactsplatform.schemas;

/**
 * An event that cannot be decoded or breaks the contract (for example no workspace). Never
 * retried: consumers send the record to the topic's dead-letter topic with this message.
 */
public class InvalidEventException extends RuntimeException {

  public InvalidEventException(String message) {
    super(message);
  }

  public InvalidEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
