package io.contactsplatform.contactservice.history;

import java.time.Instant;
import java.util.List;

/** One page of {@code GET /v1/contacts/{id}/history}, newest first; {@code nextCursor} null on the last. */
record HistoryPage(List<Item> items, String nextCursor) {

  /** One change as the API shows it. */
  record Item(long version, Instant occurredAt, HistoryOperation operation, HistorySource source, String actor,
              List<FieldChange> changes) {

    static Item of(HistoryEntry e) {
      return new Item(e.version(), e.occurredAt(), e.operation(), e.source(), e.actor(), e.changes());
    }
  }
}
