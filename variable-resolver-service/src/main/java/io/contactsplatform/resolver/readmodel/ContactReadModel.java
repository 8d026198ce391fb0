package io.contactsplatform.resolver.readmodel;

import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.events.contact.change.ContactState;
import io.contactsplatform.events.contact.change.ContactStatus;
import io.contactsplatform.schemas.InvalidEventException;
import io.contactsplatform.support.phone.ParsedPhone;
import io.contactsplatform.support.phone.PhoneNumbers;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * In-memory view of contact-changes, readable by contact id and by number with one map lookup
 * each. Like {@link DncReadModel} it is a hot view rebuilt by every resolver instance from the
 * compacted topic with a consumer group of its own ({@link ReadModelGroup}); until it has caught
 * up with the topic as it was at startup ({@link ContactViewLoad}) calls are blocked. A deleted,
 * ARCHIVED or ERASED contact keeps only a tombstone (id, workspace, version; no personal data) so
 * an older version can never resurrect it.
 *
 * <p>Idempotent by construction: a change is applied only when its version is newer than the one
 * held. A number is claimed only by the contact already holding it or by a contact updated at
 * least as recently as the holder, so changes of two contacts arriving out of order (different
 * partitions) cannot hand a number back to its former owner; changes are applied one at a time
 * (the view's monitor), so that check cannot race. Known limit: memory grows with the number of
 * contacts (about 1 KB per contact with a few custom fields).
 */
@Component
public class ContactReadModel {

  private final Map<String, Held> contacts = new ConcurrentHashMap<>();
  private final Map<String, String> phones = new ConcurrentHashMap<>();

  /** Time-zone lists as libphonenumber gives them, one instance per distinct list (there are few). */
  private static final Map<List<String>, List<String>> ZONE_LISTS = new ConcurrentHashMap<>();

  /**
   * A contact as held: its snapshot when resolvable, null for a tombstone; {@code phone} is what
   * {@link PhoneNumbers#parse} makes of the snapshot's number (null for a tombstone).
   */
  private record Held(String workspaceId, long version, ContactSnapshot snapshot, Instant updatedAt,
                      ParsedPhone phone) {
  }

  static String phoneKey(String workspaceId, String e164) {
    return workspaceId + "|" + e164;
  }

  /** Applies a change unless an equal or newer version of the contact is held. */
  public Mono<Void> apply(ContactChange change) {
    return Mono.fromRunnable(() -> applyNow(change));
  }

  private synchronized void applyNow(ContactChange change) {
    String id = change.getContactId();
    if (id == null || id.isBlank()) {
      throw new InvalidEventException("ContactChange has no contactId");
    }
    ContactState state = change.getContact();
    if (!change.getDeleted() && state == null) {
      throw new InvalidEventException("ContactChange " + id + " is not deleted but carries no contact");
    }
    ParsedPhone parsed = state == null ? null : PhoneNumbers.parse(state.getPhoneE164(), null).orElse(null);
    if (state != null && (parsed == null || !state.getPhoneE164().equals(parsed.e164()))) {
      throw new InvalidEventException("ContactChange " + id + " phoneE164 is not valid E.164");
    }
    String workspace = change.getWorkspaceId();
    Held existing = contacts.get(id);
    if (existing != null && !workspace.equals(existing.workspaceId())) {
      throw new InvalidEventException("ContactChange " + id + " names a contact of another workspace");
    }
    if (existing != null && existing.version() >= change.getVersion()) {
      return;
    }
    boolean resolvable = !change.getDeleted() && state != null && state.getStatus() == ContactStatus.ACTIVE;
    String newPhone = resolvable ? state.getPhoneE164() : null;
    String oldPhone = existing != null && existing.snapshot() != null ? existing.snapshot().phoneE164() : null;
    if (oldPhone != null && !oldPhone.equals(newPhone)) {
      phones.remove(phoneKey(workspace, oldPhone), id);
    }
    Held held = resolvable
        ? new Held(workspace, change.getVersion(), snapshot(change, state), state.getUpdatedAt(),
            new ParsedPhone(state.getPhoneE164(), parsed.extension(),
                ZONE_LISTS.computeIfAbsent(parsed.timezones(), zones -> zones)))
        : new Held(workspace, change.getVersion(), null, state == null ? null : state.getUpdatedAt(), null);
    contacts.put(id, held);
    if (newPhone != null) {
      String key = phoneKey(workspace, newPhone);
      String holderId = phones.get(key);
      Held holder = holderId == null || holderId.equals(id) ? null : contacts.get(holderId);
      boolean mayClaim = holder == null || holder.snapshot() == null || holder.updatedAt() == null
          || !holder.updatedAt().isAfter(state.getUpdatedAt());
      if (mayClaim) {
        phones.put(key, id);
      }
    }
  }

  /** The resolvable contact with this id inside this workspace (empty for other workspaces' ids). */
  public Mono<ContactSnapshot> byId(String workspaceId, String contactId) {
    return Mono.justOrEmpty(byIdNow(workspaceId, contactId));
  }

  /** The same, without the Mono; null when none. */
  public ContactSnapshot byIdNow(String workspaceId, String contactId) {
    Held held = contactId == null ? null : contacts.get(contactId);
    return held != null && held.snapshot() != null && workspaceId.equals(held.workspaceId()) ? held.snapshot() : null;
  }

  /** The resolvable contact holding this number inside this workspace. */
  public Mono<ContactSnapshot> byPhone(String workspaceId, String e164) {
    return Mono.justOrEmpty(byPhoneNow(workspaceId, e164));
  }

  /** The same, without the Mono; null when none. */
  public ContactSnapshot byPhoneNow(String workspaceId, String e164) {
    String holderId = phones.get(phoneKey(workspaceId, e164));
    ContactSnapshot snapshot = byIdNow(workspaceId, holderId);
    return snapshot != null && e164.equals(snapshot.phoneE164()) ? snapshot : null;
  }

  /**
   * What {@link PhoneNumbers#parse}{@code (raw, any region)} gives, when {@code raw} is exactly the
   * E.164 number of a resolvable contact of this workspace (parsed once, when the contact was
   * projected); null otherwise, and the caller parses. Spares a call-start for a known number
   * libphonenumber's parse, the largest share of a call's work.
   */
  public ParsedPhone knownPhone(String workspaceId, String raw) {
    if (workspaceId == null || raw == null) {
      return null;
    }
    String holderId = phones.get(phoneKey(workspaceId, raw));
    Held held = holderId == null ? null : contacts.get(holderId);
    return held != null && held.phone() != null && workspaceId.equals(held.workspaceId())
        && raw.equals(held.phone().e164()) ? held.phone() : null;
  }

  /** The resolvable contacts among these ids in this workspace. */
  public Flux<ContactSnapshot> byIds(String workspaceId, Collection<String> contactIds) {
    return Flux.fromIterable(contactIds).mapNotNull(id -> byIdNow(workspaceId, id));
  }

  /** The resolvable contacts holding these numbers in this workspace. */
  public Flux<ContactSnapshot> byPhones(String workspaceId, Collection<String> e164s) {
    return Flux.fromIterable(e164s).mapNotNull(p -> byPhoneNow(workspaceId, p));
  }

  /** How many contacts (tombstones included) the view holds (health details). */
  public int size() {
    return contacts.size();
  }

  private static ContactSnapshot snapshot(ContactChange change, ContactState s) {
    Map<String, Object> custom = new LinkedHashMap<>(s.getCustomFields());
    return new ContactSnapshot(change.getContactId(), change.getWorkspaceId(), s.getPhoneE164(), s.getExternalId(),
        s.getFirstName(), s.getLastName(), s.getEmail(), s.getCompany(), s.getCountry(), s.getTimezone(),
        s.getTimezoneSource() == null ? null : s.getTimezoneSource().name(), s.getTimezoneCandidates(), s.getTags(),
        custom, change.getVersion());
  }
}
