package io.contactsplatform.resolver.state;

import io.contactsplatform.events.audience.AudienceRow;
import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.events.contact.change.ContactState;
import io.contactsplatform.events.contact.change.ContactStatus;
import io.contactsplatform.events.dnc.change.DncChange;
import io.contactsplatform.events.dnc.change.DncEntryState;
import io.contactsplatform.resolver.readmodel.ContactSnapshot;
import io.contactsplatform.resolver.readmodel.DncEntry;
import io.contactsplatform.schemas.SingleObjectEventCodec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the state stores hold about one number, as stored (Avro single-object bytes of the newest
 * ContactChange, DncChange and AudienceRow; null when none), read from the local stores of the
 * partition that owns the number or fetched from the instance that owns it; plus why the number's
 * DNC state cannot be trusted ({@code dncUncertainty}) and why nothing could be read at all
 * ({@code unavailable}, e.g. the partition is moving between instances). Decoding is the same
 * wherever the bytes were read.
 */
public record StateFacts(byte[] contact, byte[] dnc, byte[] audience, String dncUncertainty, String unavailable) {

  static final SingleObjectEventCodec CODEC = new SingleObjectEventCodec();

  /** Facts that could not be read: every resolution from them is BLOCKED_OTHER with {@code reason}. */
  public static StateFacts unavailable(String reason) {
    return new StateFacts(null, null, null, null, reason);
  }

  /** The contact holding the number, or null when none (or not the contact {@code contactId} names). */
  public ContactSnapshot contactSnapshot(String contactId) {
    ContactSnapshot snapshot = snapshot(contact);
    return snapshot != null && contactId != null && !contactId.equals(snapshot.contactId()) ? null : snapshot;
  }

  /** Every DNC entry of the number (active or not). */
  public List<DncEntry> dncEntries() {
    return dnc == null ? List.of() : entries(CODEC.decode(DncChange.class, dnc));
  }

  /** The number's audience row columns, or null when it has none. */
  public Map<String, String> audienceColumns() {
    return audience == null ? null
        : Collections.unmodifiableMap(new LinkedHashMap<>(CODEC.decode(AudienceRow.class, audience).getColumns()));
  }

  /** The resolvable (active, not deleted) contact in these ContactChange bytes, or null. */
  public static ContactSnapshot snapshot(byte[] contactChange) {
    return contactChange == null ? null : snapshot(CODEC.decode(ContactChange.class, contactChange));
  }

  /** The resolvable contact of a change, or null for a deletion or an inactive contact. */
  static ContactSnapshot snapshot(ContactChange change) {
    ContactState s = change.getContact();
    if (!resolvable(change)) {
      return null;
    }
    return new ContactSnapshot(change.getContactId(), change.getWorkspaceId(), s.getPhoneE164(), s.getExternalId(),
        s.getFirstName(), s.getLastName(), s.getEmail(), s.getCompany(), s.getCountry(), s.getTimezone(),
        s.getTimezoneSource() == null ? null : s.getTimezoneSource().name(), s.getTimezoneCandidates(), s.getTags(),
        new LinkedHashMap<>(s.getCustomFields()), change.getVersion());
  }

  /** True when the change leaves an active contact that calls may resolve to. */
  static boolean resolvable(ContactChange change) {
    return !change.getDeleted() && change.getContact() != null && change.getContact().getStatus() == ContactStatus.ACTIVE;
  }

  static List<DncEntry> entries(DncChange change) {
    List<DncEntry> entries = new ArrayList<>(change.getEntries().size());
    for (DncEntryState e : change.getEntries()) {
      entries.add(new DncEntry(e.getScope().name(), e.getCampaignId(), e.getDncSource().name(), e.getReason(),
          e.getCreatedAt(), e.getExpiresAt(), e.getRemovedAt()));
    }
    return List.copyOf(entries);
  }
}
