package io.contactsplatform.dncservice.dnc;

import io.contactsplatform.dncservice.dnc.DncEntry.Scope;
import io.contactsplatform.dncservice.dnc.DncEntry.Source;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of the append-only DNC audit trail: an entry ADDED or REMOVED in one version of a
 * number. Derived purely from the number's state, with a deterministic id
 * {@code workspace|E.164|<version, 19 digits>|entryId|action}, so writing it again is a no-op and
 * a trail missed by a crash between the state write and the audit write can be completed later
 * ({@link #allOf}). Ids sort by number and version, so "newest first" is descending id order.
 */
public record DncAuditRecord(String id, String workspaceId, String phoneE164, long version, Action action,
                             String entryId, Scope scope, String campaignId, Source source, String actor,
                             String reason, Instant at) {

  public enum Action { ADDED, REMOVED }

  /** Every audit id of this number starts with this prefix. */
  public static String prefix(String workspaceId, String phoneE164) {
    return DncNumber.key(workspaceId, phoneE164) + "|";
  }

  static String id(String workspaceId, String phoneE164, long version, String entryId, Action action) {
    return prefix(workspaceId, phoneE164) + String.format("%019d", version) + "|" + entryId + "|" + action;
  }

  /** The records of the changes made in {@code version} of {@code number}. */
  public static List<DncAuditRecord> forVersion(DncNumber number, long version) {
    return allOf(number).stream().filter(r -> r.version() == version).toList();
  }

  /** The records of every change the number's state shows. */
  public static List<DncAuditRecord> allOf(DncNumber number) {
    List<DncAuditRecord> records = new ArrayList<>();
    for (DncEntry e : number.entries()) {
      records.add(new DncAuditRecord(
          id(number.workspaceId(), number.phoneE164(), e.addedInVersion(), e.entryId(), Action.ADDED),
          number.workspaceId(), number.phoneE164(), e.addedInVersion(), Action.ADDED, e.entryId(), e.scope(),
          e.campaignId(), e.source(), e.actor(), e.reason(), e.createdAt()));
      if (e.removedAt() != null) {
        records.add(new DncAuditRecord(
            id(number.workspaceId(), number.phoneE164(), e.removedInVersion(), e.entryId(), Action.REMOVED),
            number.workspaceId(), number.phoneE164(), e.removedInVersion(), Action.REMOVED, e.entryId(), e.scope(),
            e.campaignId(), e.source(), e.removedBy(), e.removalReason(), e.removedAt()));
      }
    }
    return records;
  }
}
