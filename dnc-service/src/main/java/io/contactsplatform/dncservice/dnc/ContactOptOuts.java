package io.contactsplatform.dncservice.dnc;

import io.contactsplatform.dncservice.dnc.DncEntry.Scope;
import io.contactsplatform.dncservice.dnc.DncEntry.Source;
import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.events.contact.change.ContactState;
import io.contactsplatform.events.contact.change.ContactStatus;
import io.contactsplatform.schemas.InvalidEventException;
import io.contactsplatform.support.phone.PhoneNumbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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
 * unrelated edits find the entry in place and publish nothing.
 */
@Service
public class ContactOptOuts {

  static final String ACTOR = "contact-service";
  static final String ADD_REASON = "contact marked do-not-call";
  static final String REMOVE_REASON = "contact do-not-call cleared";

  private static final Logger log = LoggerFactory.getLogger(ContactOptOuts.class);

  private final ContactOptOutStore seen;
  private final DncUpdates updates;

  ContactOptOuts(ContactOptOutStore seen, DncUpdates updates) {
    this.seen = seen;
    this.updates = updates;
  }

  /** What was last applied for one contact: its version, number and whether it had opted out. */
  record Seen(long version, String phoneE164, boolean optedOut) {
  }

  /** What one contact change requires: numbers to clear, the number to block (or null), what to record. */
  record Plan(boolean skip, List<String> clear, String ensure, Seen next) {
  }

  public Mono<Void> apply(ContactChange change) {
    String workspace = change.getWorkspaceId();
    String contactId = change.getContactId();
    String eventId = change.getEventId().toString();
    return seen.find(workspace, contactId)
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty())
        .flatMap(previous -> {
          Plan plan = plan(previous.orElse(null), change);
          if (plan.skip()) {
            log.info("contact {} in {}: version {} is not newer than {}, skipped", contactId, workspace,
                change.getVersion(), previous.map(Seen::version).orElse(0L));
            return Mono.empty();
          }
          Removal removal = Removal.of(ACTOR, REMOVE_REASON);
          Mono<Void> clears = Flux.fromIterable(plan.clear())
              .concatMap(phone -> updates.applyQuietly(workspace, phone, eventId, (number, now) -> number.removeActive(
                  e -> e.source() == Source.CONTACT_OPT_OUT, removal, eventId, now)))
              .then();
          Mono<Void> ensure = plan.ensure() == null ? Mono.empty()
              : updates.applyQuietly(workspace, plan.ensure(), eventId, (number, now) -> number.add(
                  new EntrySpec(Scope.WORKSPACE, null, Source.CONTACT_OPT_OUT, ADD_REASON, ACTOR, null),
                  UUID.randomUUID().toString(), eventId, now)).then();
          return clears.then(ensure).then(seen.save(workspace, contactId, plan.next()));
        });
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
