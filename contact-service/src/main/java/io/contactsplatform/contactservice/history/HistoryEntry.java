package io.contactsplatform.contactservice.history;

import io.contactsplatform.contactservice.contact.Contact;
import java.time.Instant;
import java.util.List;

/**
 * One change of one contact: the contact's {@code version} after it, when, where from, by whom,
 * what it did and which fields changed. (workspaceId, contactId, version) identifies it: a
 * contact has exactly one version per change, so writing an entry twice is writing the same entry.
 */
public record HistoryEntry(String workspaceId, String contactId, long version, Instant occurredAt,
                           HistoryOperation operation, HistorySource source, String actor, List<FieldChange> changes) {

  public HistoryEntry {
    changes = changes == null ? List.of() : List.copyOf(changes);
  }

  /**
   * The entry for the change from {@code before} (null: created) to {@code after}. An erasure
   * records no field values: the point of erasing is that they are gone.
   */
  public static HistoryEntry of(Contact before, Contact after, ChangeOrigin origin) {
    HistoryOperation operation = ContactDiff.operation(before, after);
    List<FieldChange> changes = operation == HistoryOperation.ERASED ? List.of() : ContactDiff.changes(before, after);
    return new HistoryEntry(after.workspaceId(), after.id(), after.version(), after.updatedAt(), operation,
        origin.source(), origin.actor(), changes);
  }
}
