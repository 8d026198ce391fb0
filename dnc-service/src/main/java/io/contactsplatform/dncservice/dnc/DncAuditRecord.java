package io.contactsplatform.dncservice.dnc;

import io.contactsplatform.dncservice.dnc.DncEntry.Scope;
import io.contactsplatform.dncservice.dnc.DncEntry.Source;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One line of the append-only DNC audit trail: an entry ADDED, REMOVED or EXPIRED in one version
 * of a number. Derived purely from the number's state, with a deterministic id
 * {@code workspace|E.164|<version, 19 digits>|entryId|action}, so writing it again is a no-op and
 * a trail missed by a crash between the state write and the audit write can be completed later
 * ({@link #allOf}). Ids sort by number and version, so "newest first" is descending id order.
 * An expiry is recorded at the entry's {@code expiresAt} by actor {@value #EXPIRY_ACTOR}.
 */
public record DncAuditRecord(String id, String workspaceId, String phoneE164, long version, Action action,
                             String entryId, Scope scope, String campaignId, Source source, String actor,
                             String reason, boolean override, Instant at) {

  public enum Action { ADDED, REMOVED, EXPIRED }

  static final String EXPIRY_ACTOR = "dnc-service";
  static final String EXPIRY_REASON = "expired (expiresAt reached)";

  /** Every audit id of this number starts with this prefix. */
  public static String prefix(String workspaceId, String phoneE164) {
    return DncNumber.key(workspaceId, phoneE164) + "|";
  }

  static String id(String workspaceId, String phoneE164, long version, String entryId, Action action) {
    String digits = Long.toString(version);
    return prefix(workspaceId, phoneE164) + "0".repeat(19 - digits.length()) + digits + "|" + entryId + "|" + action;
  }

  /** The records of the changes made in {@code version} of {@code number}. */
  public static List<DncAuditRecord> forVersion(DncNumber number, long version) {
    return allOf(number).stream().filter(r -> r.version() == version).toList();
  }

  /** The records of every change the number's state shows, oldest first (ascending id). */
  public static List<DncAuditRecord> allOf(DncNumber number) {
    List<DncAuditRecord> records = new ArrayList<>();
    String ws = number.workspaceId();
    String phone = number.phoneE164();
    for (DncEntry e : number.entries()) {
      records.add(new DncAuditRecord(id(ws, phone, e.addedInVersion(), e.entryId(), Action.ADDED), ws, phone,
          e.addedInVersion(), Action.ADDED, e.entryId(), e.scope(), e.campaignId(), e.source(), e.actor(), e.reason(),
          false, e.createdAt()));
      if (e.expiredAt() != null) {
        records.add(new DncAuditRecord(id(ws, phone, e.expiredInVersion(), e.entryId(), Action.EXPIRED), ws, phone,
            e.expiredInVersion(), Action.EXPIRED, e.entryId(), e.scope(), e.campaignId(), e.source(), EXPIRY_ACTOR,
            EXPIRY_REASON, false, e.expiredAt()));
      }
      if (e.removedAt() != null) {
        records.add(new DncAuditRecord(id(ws, phone, e.removedInVersion(), e.entryId(), Action.REMOVED), ws, phone,
            e.removedInVersion(), Action.REMOVED, e.entryId(), e.scope(), e.campaignId(), e.source(), e.removedBy(),
            e.removalReason(), e.removalOverride(), e.removedAt()));
      }
    }
    records.sort(Comparator.comparing(DncAuditRecord::id));
    return records;
  }
}
