package io.contactsplatform.support.lease;

import java.time.Instant;

/**
 * One stored lease: the work it guards ({@code name}, e.g. {@code import:<jobId>} or
 * {@code sweep:contact-outbox}), the instance that holds it, when it was claimed, last renewed and
 * when it expires unless renewed.
 */
public record Lease(String name, String owner, Instant claimedAt, Instant renewedAt, Instant expiresAt) {

  /** True when {@code now} is past the expiry: any instance may claim it. */
  public boolean expired(Instant now) {
    return !expiresAt.isAfter(now);
  }
}
