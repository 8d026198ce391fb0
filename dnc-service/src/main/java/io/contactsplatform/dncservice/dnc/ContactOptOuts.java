package io.contactsplatform.dncservice.dnc;

import io.contactsplatform.dncservice.dnc.DncEntry.Scope;
import io.contactsplatform.dncservice.dnc.DncEntry.Source;
import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.events.contact.change.ContactState;
import io.contactsplatform.events.contact.change.ContactStatus;
import io.contactsplatform.schemas.InvalidEventException;
import io.contactsplatform.support.ids.TimeOrderedIds;
import io.contactsplatform.support.kafka.BatchFailure;
import io.contactsplatform.support.phone.PhoneNumbers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Turns a contact's {@code doNotCall} flag (contact-changes) into a WORKSPACE entry with source
 * CONTACT_OPT_OUT: flag set → such an active entry exists on the contact's number; flag cleared,
 * contact deleted or erased → it is removed. A changed number moves the entry: the old number's
 * opt-out is removed, the new one's added. Only CONTACT_OPT_OUT entries are touched, so other
 * sources keep the number blocked. Versions not newer than the last one seen for the contact are
 * skipped; the seen version is recorded only after the DNC writes and publishes, so a redelivery
 * after a failure repeats them (each is idempotent on the event id). An opted-out contact's
 * unrelated edits find the entry in place and publish nothing. Changes are applied a poll at a
 * time ({@link #applyAll}).
 */
@Service
public class ContactOptOuts {

  static final String ACTOR = "contact-service";
  static final String ADD_REASON = "contact marked do-not-call";
  static final String REMOVE_REASON = "contact do-not-call cleared";

  private static final Logger log = LoggerFactory.getLogger(ContactOptOuts.class);

  private final ContactOptOutStore seen;
  private final DncUpdates updates;
  private final DncStore numbers;

  ContactOptOuts(ContactOptOutStore seen, DncUpdates updates, DncStore numbers) {
    this.seen = seen;
    this.updates = updates;
    this.numbers = numbers;
  }

  /** What was last applied for one contact: its version, number and whether it had opted out. */
  record Seen(long version, String phoneE164, boolean optedOut) {
  }

  /** What one contact change requires: numbers to clear, the number to block (or null), what to record. */
  record Plan(boolean skip, List<String> clear, String ensure, Seen next) {
  }

  /** The batch failed at {@code index}: every change before it is applied. */
  private static BatchFailure failure(int index, Throwable cause) {
    return new BatchFailure("contact change", index, cause);
  }

  /** One change and its plan, made against what was seen before it ({@code previous}, null: nothing). */
  private record Step(int index, ContactChange change, Seen previous, Plan plan) {

    String key() {
      return ContactOptOutStore.key(change.getWorkspaceId(), change.getContactId());
    }
  }

  /**
   * Applies a poll of changes in order, with one read of what was seen for their contacts, one
   * read of the numbers they might clear and one write of what is seen now; a DNC write is made
   * only where the rule changes the number (or the event was applied before, to re-publish), so
   * the contacts of an import, which have not opted out, cost no DNC write at all. A contact with
   * nothing recorded that has not opted out gets no record either (nothing recorded means "not
   * opted out"). Fails with {@link BatchFailure} at the first change not applied, after recording the
   * ones before it; an invalid change fails with its {@link InvalidEventException} as the cause.
   */
  public Mono<Void> applyAll(List<ContactChange> changes) {
    if (changes.isEmpty()) {
      return Mono.empty();
    }
    Set<String> keys = new LinkedHashSet<>();
    changes.forEach(c -> keys.add(ContactOptOutStore.key(c.getWorkspaceId(), c.getContactId())));
    return seen.findAll(keys).flatMap(found -> {
      Map<String, Seen> latest = new HashMap<>(found);
      List<Step> steps = new ArrayList<>();
      BatchFailure invalid = null;
      for (int i = 0; i < changes.size() && invalid == null; i++) {
        ContactChange change = changes.get(i);
        String key = ContactOptOutStore.key(change.getWorkspaceId(), change.getContactId());
        Seen previous = latest.get(key);
        try {
          Plan plan = plan(previous, change);
          if (plan.skip()) {
            log.info("contact {} in {}: version {} is not newer than {}, skipped", change.getContactId(),
                change.getWorkspaceId(), change.getVersion(), previous.version());
          } else {
            steps.add(new Step(i, change, previous, plan));
            latest.put(key, plan.next());
          }
        } catch (RuntimeException e) {
          invalid = failure(i, e);
        }
      }
      BatchFailure failedPlan = invalid;
      return statesToClear(steps).flatMap(states -> run(steps, states))
          .then(failedPlan == null ? Mono.empty() : Mono.error(failedPlan));
    });
  }

  /** Runs the steps' DNC writes in order, then records them; on a failure records those before it. */
  private Mono<Void> run(List<Step> steps, Map<String, DncNumber> states) {
    Set<String> written = new HashSet<>();
    Instant now = updates.now();
    List<Step> done = new ArrayList<>();
    return Flux.fromIterable(steps)
        .concatMap(step -> writes(step, states, written, now)
            .onErrorMap(e -> failure(step.index(), e))
            .then(Mono.fromRunnable(() -> done.add(step))))
        .then(Mono.defer(() -> record(done)))
        .onErrorResume(BatchFailure.class, failure -> record(done).then(Mono.error(failure)));
  }

  private Mono<Void> writes(Step step, Map<String, DncNumber> states, Set<String> written, Instant now) {
    String workspace = step.change().getWorkspaceId();
    String eventId = step.change().getEventId().toString();
    Removal removal = Removal.of(ACTOR, REMOVE_REASON);
    Mono<Void> clears = Flux.fromIterable(step.plan().clear())
        .filter(phone -> {
          String key = DncNumber.key(workspace, phone);
          DncNumber state = states.get(key);
          return written.contains(key) || state != null && (state.hasApplied(eventId)
              || state.removeActive(ContactOptOuts::isOptOut, removal, eventId, now).changed());
        })
        .concatMap(phone -> {
          written.add(DncNumber.key(workspace, phone));
          return updates.applyQuietly(workspace, phone, eventId, (number, at) -> number.removeActive(
              ContactOptOuts::isOptOut, removal, eventId, at));
        })
        .then();
    String ensure = step.plan().ensure();
    Mono<Void> ensured = ensure == null ? Mono.empty() : Mono.defer(() -> {
      written.add(DncNumber.key(workspace, ensure));
      return updates.applyQuietly(workspace, ensure, eventId, (number, at) -> number.add(
          new EntrySpec(Scope.WORKSPACE, null, Source.CONTACT_OPT_OUT, ADD_REASON, ACTOR, null),
          TimeOrderedIds.next(), eventId, at)).then();
    });
    return clears.then(ensured);
  }

  private static boolean isOptOut(DncEntry entry) {
    return entry.source() == Source.CONTACT_OPT_OUT;
  }

  /** The stored state of every number the steps may clear, by {@link DncNumber#key}. */
  private Mono<Map<String, DncNumber>> statesToClear(List<Step> steps) {
    Map<String, Set<String>> phonesByWorkspace = new LinkedHashMap<>();
    for (Step step : steps) {
      if (!step.plan().clear().isEmpty()) {
        phonesByWorkspace.computeIfAbsent(step.change().getWorkspaceId(), ws -> new LinkedHashSet<>())
            .addAll(step.plan().clear());
      }
    }
    return Flux.fromIterable(phonesByWorkspace.entrySet())
        .concatMap(e -> numbers.findAll(e.getKey(), List.copyOf(e.getValue()))
            .flatMapIterable(Map::values))
        .collectMap(DncNumber::key, n -> n, HashMap::new);
  }

  /** Records what the steps leave seen; a contact with nothing recorded that has not opted out stays unrecorded. */
  private Mono<Void> record(List<Step> done) {
    Map<String, Seen> next = new LinkedHashMap<>();
    for (Step step : done) {
      if (step.previous() != null || step.plan().next().optedOut()) {
        next.put(step.key(), step.plan().next());
      }
    }
    return seen.saveAll(next);
  }

  /**
   * The pure decision for one contact change given what was seen last (null: nothing yet).
   *
   * @throws InvalidEventException when the change carries no contact although not deleted, or a
   *                               number that is not valid E.164
   */
  static Plan plan(Seen previous, ContactChange change) {
    if (previous != null && change.getVersion() <= previous.version()) {
      return new Plan(true, List.of(), null, previous);
    }
    ContactState contact = change.getContact();
    String phone = null;
    if (!change.getDeleted()) {
      if (contact == null) {
        throw new InvalidEventException("ContactChange " + change.getEventId() + ": contact is null but deleted is false");
      }
      phone = contact.getPhoneE164();
      if (!PhoneNumbers.toE164(phone, null).map(phone::equals).orElse(false)) {
        throw new InvalidEventException("ContactChange " + change.getEventId()
            + ": contact.phoneE164 is not a valid E.164 number (" + PhoneNumbers.mask(phone) + ")");
      }
    }
    boolean optedOut = phone != null && contact.getDoNotCall() && contact.getStatus() != ContactStatus.ERASED;
    List<String> clear = new ArrayList<>();
    if (previous != null && previous.optedOut() && previous.phoneE164() != null
        && !(optedOut && previous.phoneE164().equals(phone))) {
      clear.add(previous.phoneE164());
    }
    boolean knownClear = previous != null && !previous.optedOut() && phone != null && phone.equals(previous.phoneE164());
    if (!optedOut && phone != null && !clear.contains(phone) && !knownClear) {
      clear.add(phone);
    }
    String remembered = phone != null ? phone : previous == null ? null : previous.phoneE164();
    return new Plan(false, List.copyOf(clear), optedOut ? phone : null,
        new Seen(change.getVersion(), remembered, optedOut));
  }
}
