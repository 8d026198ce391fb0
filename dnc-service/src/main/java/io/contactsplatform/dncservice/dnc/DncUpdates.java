package io.contactsplatform.dncservice.dnc;

import io.contactsplatform.dncservice.dnc.DncEntryIds.Added;
import io.contactsplatform.dncservice.dnc.DncExpirySchedule.Expiry;
import io.contactsplatform.dncservice.dnc.DncNumber.Change;
import io.contactsplatform.dncservice.dnc.DncStore.Write;
import io.contactsplatform.support.ids.TimeOrderedIds;
import io.contactsplatform.support.phone.PhoneNumbers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one write path for DNC state, shared by the REST API, the Kafka listeners, file imports and
 * the expiry sweep: load the number(s), let a pure rule decide, then
 * <ol>
 *   <li>open an outbox marker naming the numbers, record new entry ids and expiry times;</li>
 *   <li>write the new state (optimistic on version; when another writer won, decided again on the
 *   fresh state after a short random back-off, up to {@value #ATTEMPTS} times);</li>
 *   <li>append the audit records and publish the full states on dnc-changes (side by side), then
 *   close the marker.</li>
 * </ol>
 * Once step 2 succeeded the change is durable: a failure in step 3 is logged and leaves the marker,
 * and {@link DncOutboxSweeper} completes the audit and publishes later (also after a restart), so
 * no change is lost between the store write and the publish.
 *
 * <p>Order per number: after publishing, the stored versions are read back and any number that a
 * concurrent writer moved further is published again, so the last record per key on the compacted
 * topic is always the newest state. Idempotency: an event id that already changed the number is
 * recognised and nothing is decided again; whenever a request changes nothing but concerns existing
 * entries (a redelivered event, an identical add) the current state is re-published and its audit
 * trail completed.
 */
@Service
public class DncUpdates {

  private static final Logger log = LoggerFactory.getLogger(DncUpdates.class);
  private static final int ATTEMPTS = 25;
  private static final int PUBLISH_CONCURRENCY = 64;

  private final DncStore store;
  private final DncEvents events;
  private final DncOutbox outbox;
  private final DncEntryIds entryIds;
  private final DncExpirySchedule expiries;
  private final Clock clock;

  DncUpdates(DncStore store, DncEvents events, DncOutbox outbox, DncEntryIds entryIds, DncExpirySchedule expiries,
             Clock clock) {
    this.store = store;
    this.events = events;
    this.outbox = outbox;
    this.entryIds = entryIds;
    this.expiries = expiries;
    this.clock = clock;
  }

  /** One number's rule in a batch. */
  public record Item(String phoneE164, BiFunction<DncNumber, Instant, Change> rule) {
  }

  /** The current time at storage precision (milliseconds), so stored and answered values agree. */
  public Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
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
    return Mono.defer(() -> attempt(workspaceId, phoneE164, eventId, rule, true, TimeOrderedIds.next(),
        ATTEMPTS));
  }

  /**
   * Like {@link #apply}, but an unchanged outcome publishes nothing: for callers that detect their
   * own redeliveries and would otherwise re-publish on every repeated "ensure" (contact opt-outs).
   */
  public Mono<Change> applyQuietly(String workspaceId, String phoneE164, String eventId,
                                   BiFunction<DncNumber, Instant, Change> rule) {
    return Mono.defer(() -> attempt(workspaceId, phoneE164, eventId, rule, false, TimeOrderedIds.next(),
        ATTEMPTS));
  }

  /**
   * Applies one rule per number (distinct numbers, one workspace) with one lookup, one bulk write
   * and one audit write; unchanged outcomes publish nothing. A number another writer changed
   * meanwhile is applied again on its own. Answers the changes in item order. A rule that throws
   * fails the whole batch before anything is written.
   */
  public Mono<List<Change>> applyAll(String workspaceId, List<Item> items) {
    if (items.isEmpty()) {
      return Mono.just(List.of());
    }
    return store.findAll(workspaceId, items.stream().map(Item::phoneE164).toList()).flatMap(stored -> {
      Instant now = now();
      List<Change> changes = new ArrayList<>();
      List<Write> writes = new ArrayList<>();
      Map<String, DncNumber> current = stored;
      for (Item item : items) {
        DncNumber before = current.getOrDefault(item.phoneE164(), DncNumber.empty(workspaceId, item.phoneE164()));
        Change change = item.rule().apply(before, now);
        changes.add(change);
        if (change.changed()) {
          writes.add(new Write(change.number(), before.version()));
        }
      }
      if (writes.isEmpty()) {
        return Mono.just(changes);
      }
      String token = TimeOrderedIds.next();
      return prepare(workspaceId, token, writes, current, now)
          .then(store.saveAll(workspaceId, writes, token))
          .flatMap(failed -> {
            List<Write> written = writes.stream().filter(w -> !failed.contains(w.next().phoneE164())).toList();
            return finish(workspaceId, token, written).then(retryConflicts(workspaceId, items, changes, failed));
          });
    });
  }

  private Mono<List<Change>> retryConflicts(String workspaceId, List<Item> items, List<Change> changes,
                                            Set<String> failed) {
    if (failed.isEmpty()) {
      return Mono.just(changes);
    }
    log.info("{} of a batch of {} DNC numbers in {} changed concurrently: applying them one by one", failed.size(),
        items.size(), workspaceId);
    List<Change> result = new ArrayList<>(changes);
    return Flux.range(0, items.size())
        .filter(i -> failed.contains(items.get(i).phoneE164()))
        .concatMap(i -> applyQuietly(workspaceId, items.get(i).phoneE164(), null, items.get(i).rule())
            .doOnNext(change -> result.set(i, change)))
        .then(Mono.fromSupplier(() -> result));
  }

  private Mono<Change> attempt(String workspaceId, String phoneE164, String eventId,
                               BiFunction<DncNumber, Instant, Change> rule, boolean republishUnchanged,
                               String token, int attemptsLeft) {
    return store.find(workspaceId, phoneE164)
        .defaultIfEmpty(DncNumber.empty(workspaceId, phoneE164))
        .flatMap(current -> {
          if (current.hasApplied(eventId)) {
            log.info("event {} already applied to {} in {} (version {}): re-publishing", eventId,
                PhoneNumbers.mask(phoneE164), workspaceId, current.version());
            return repair(current).thenReturn(Change.alreadyApplied(current));
          }
          Instant now = now();
          Change change = rule.apply(current, now);
          if (!change.changed()) {
            boolean republish = republishUnchanged && !change.affected().isEmpty();
            return (republish ? repair(current) : Mono.<Void>empty()).thenReturn(change);
          }
          Write write = new Write(change.number(), current.version());
          return prepare(workspaceId, token, List.of(write), Map.of(phoneE164, current), now)
              .then(store.save(write.next(), write.expectedVersion()))
              .flatMap(saved -> {
                if (saved) {
                  log.info("DNC {} in {} is now version {}", PhoneNumbers.mask(phoneE164), workspaceId,
                      write.next().version());
                  return finish(workspaceId, token, List.of(write)).thenReturn(change);
                }
                if (attemptsLeft > 1) {
                  Duration backOff = Duration.ofMillis(1 + ThreadLocalRandom.current().nextInt(2 * (ATTEMPTS - attemptsLeft + 2)));
                  return Mono.delay(backOff).then(
                      attempt(workspaceId, phoneE164, eventId, rule, republishUnchanged, token, attemptsLeft - 1));
                }
                return Mono.error(new IllegalStateException("DNC state of " + PhoneNumbers.mask(phoneE164)
                    + " changed concurrently " + ATTEMPTS + " times"));
              });
        });
  }

  /** Step 1: the outbox marker, then the new entries' ids and expiry times. */
  private Mono<Void> prepare(String workspaceId, String token, List<Write> writes, Map<String, DncNumber> current,
                             Instant now) {
    List<Added> added = new ArrayList<>();
    List<Expiry> expiring = new ArrayList<>();
    for (Write w : writes) {
      DncNumber before = current.get(w.next().phoneE164());
      Set<String> known = new HashSet<>();
      if (before != null) {
        before.entries().forEach(e -> known.add(e.entryId()));
      }
      List<String> fresh = new ArrayList<>();
      for (DncEntry e : w.next().entries()) {
        if (!known.contains(e.entryId())) {
          fresh.add(e.entryId());
          if (e.expiresAt() != null) {
            expiring.add(new Expiry(w.next().phoneE164(), e.expiresAt()));
          }
        }
      }
      if (!fresh.isEmpty()) {
        added.add(new Added(w.next().phoneE164(), fresh));
      }
    }
    return outbox.open(token, workspaceId, writes.stream().map(w -> w.next().phoneE164()).toList(), now)
        .then(Mono.when(entryIds.record(workspaceId, added), expiries.schedule(workspaceId, expiring)));
  }

  /**
   * Step 3 for numbers whose state write succeeded: audit, publish, close the marker. Never fails:
   * the change is durable, and a marker left behind is completed by the sweeper.
   */
  private Mono<Void> finish(String workspaceId, String token, List<Write> written) {
    List<DncAuditRecord> records = new ArrayList<>();
    for (Write w : written) {
      DncAuditRecord.allOf(w.next()).stream().filter(r -> r.version() > w.expectedVersion()).forEach(records::add);
    }
    return Mono.when(store.appendAudit(records), publishAll(workspaceId, written.stream().map(Write::next).toList()))
        .then(outbox.close(token))
        .onErrorResume(e -> {
          log.warn("DNC change of {} number(s) in {} is stored but not yet audited/published ({}); the outbox "
              + "sweeper will complete it", written.size(), workspaceId, e.toString());
          return Mono.empty();
        });
  }

  /** Completes the audit trail of the number and publishes its current state. */
  Mono<Void> repair(DncNumber current) {
    if (!current.exists()) {
      return Mono.empty();
    }
    return store.appendAudit(DncAuditRecord.allOf(current))
        .then(publishAll(current.workspaceId(), List.of(current)));
  }

  /**
   * Publishes these states, then re-reads their versions and publishes again every number a
   * concurrent writer has moved further meanwhile, so the newest state is always sent last.
   */
  Mono<Void> publishAll(String workspaceId, List<DncNumber> numbers) {
    if (numbers.isEmpty()) {
      return Mono.empty();
    }
    return Flux.fromIterable(numbers)
        .flatMap(events::changed, PUBLISH_CONCURRENCY)
        .then(store.versions(workspaceId, numbers.stream().map(DncNumber::phoneE164).toList()))
        .flatMap(stored -> {
          List<String> moved = numbers.stream()
              .filter(n -> stored.getOrDefault(n.phoneE164(), 0L) > n.version())
              .map(DncNumber::phoneE164)
              .toList();
          if (moved.isEmpty()) {
            return Mono.empty();
          }
          return store.findAll(workspaceId, moved)
              .flatMap(newer -> publishAll(workspaceId, List.copyOf(newer.values())));
        });
  }
}
