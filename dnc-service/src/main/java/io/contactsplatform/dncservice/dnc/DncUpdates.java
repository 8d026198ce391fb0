package io.contactsplatform.dncservice.dnc;

import io.contactsplatform.dncservice.dnc.DncNumber.Change;
import io.contactsplatform.support.phone.PhoneNumbers;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The one write path for DNC state, shared by the REST API and the Kafka listeners: load the
 * number, let a pure rule decide, write the new state (optimistic on version, retried when another
 * writer won), append its audit records, then publish the full state on dnc-changes.
 *
 * <p>Idempotency: an event id that already changed the number is recognised and nothing is
 * decided again. Whenever a request changes nothing but concerns existing entries (a redelivered
 * event, an identical add, removing a removed entry) the current state is re-published and its
 * audit trail completed, so a publish or audit write lost after the state write is repaired by the
 * retry. Known limit: without transactions, a crash between the state write and the publish leaves
 * dnc-changes behind until the same request is retried or the number changes again.
 */
@Service
public class DncUpdates {

  private static final Logger log = LoggerFactory.getLogger(DncUpdates.class);
  private static final int ATTEMPTS = 5;

  private final DncStore store;
  private final DncEvents events;

  DncUpdates(DncStore store, DncEvents events) {
    this.store = store;
    this.events = events;
  }

  /**
   * Applies {@code rule} to the number's current state at the current time.
   *
   * @param eventId id of the command or event being applied (null for API requests)
   * @param rule    decides the change from the current state and now; may throw
   *                {@link DncRuleViolation} or {@link java.util.NoSuchElementException}
   */
  public Mono<Change> apply(String workspaceId, String phoneE164, String eventId,
                            BiFunction<DncNumber, Instant, Change> rule) {
    return attempt(workspaceId, phoneE164, eventId, rule, true, ATTEMPTS);
  }

  /**
   * Like {@link #apply}, but an unchanged outcome publishes nothing: for callers that detect their
   * own redeliveries and would otherwise re-publish on every repeated "ensure" (contact opt-outs).
   */
  public Mono<Change> applyQuietly(String workspaceId, String phoneE164, String eventId,
                                   BiFunction<DncNumber, Instant, Change> rule) {
    return attempt(workspaceId, phoneE164, eventId, rule, false, ATTEMPTS);
  }

  /** The current time at storage precision (milliseconds), so stored and answered values agree. */
  static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  private Mono<Change> attempt(String workspaceId, String phoneE164, String eventId,
                               BiFunction<DncNumber, Instant, Change> rule, boolean republishUnchanged,
                               int attemptsLeft) {
    return store.find(workspaceId, phoneE164)
        .defaultIfEmpty(DncNumber.empty(workspaceId, phoneE164))
        .flatMap(current -> {
          if (current.hasApplied(eventId)) {
            log.info("event {} already applied to {} in {} (version {}): re-publishing", eventId,
                PhoneNumbers.mask(phoneE164), workspaceId, current.version());
            return repair(current).thenReturn(Change.alreadyApplied(current));
          }
          Change change = rule.apply(current, now());
          if (!change.changed()) {
            boolean republish = republishUnchanged && !change.affected().isEmpty();
            return (republish ? repair(current) : Mono.<Void>empty()).thenReturn(change);
          }
          DncNumber next = change.number();
          return store.save(next, current.version()).flatMap(saved -> {
            if (saved) {
              log.info("DNC {} in {} is now version {}", PhoneNumbers.mask(phoneE164), workspaceId, next.version());
              return store.appendAudit(DncAuditRecord.forVersion(next, next.version()))
                  .then(events.changed(next))
                  .thenReturn(change);
            }
            if (attemptsLeft > 1) {
              return attempt(workspaceId, phoneE164, eventId, rule, republishUnchanged, attemptsLeft - 1);
            }
            return Mono.error(new IllegalStateException("DNC state of " + PhoneNumbers.mask(phoneE164)
                + " changed concurrently " + ATTEMPTS + " times"));
          });
        });
  }

  private Mono<Void> repair(DncNumber current) {
    if (!current.exists()) {
      return Mono.empty();
    }
    return store.appendAudit(DncAuditRecord.allOf(current)).then(events.changed(current));
  }
}
