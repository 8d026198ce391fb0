package io.contactsplatform.contactservice.contact;

import io.contactsplatform.contactservice.dncview.DncState;
import java.util.ArrayList;
import java.util.List;

/**
 * A contact document: the contact, the DNC state copied from dnc-changes, the last few
 * upserts applied to it (event id and outcome) so a redelivered upsert is recognised, and whether
 * it held history entries not yet copied when it was read ({@code historyPending}).
 */
public record StoredContact(Contact contact, DncState dnc, List<UpsertMark> recentUpserts, boolean historyPending) {

  static final int RECENT_UPSERTS = 8;

  public StoredContact {
    dnc = dnc == null ? DncState.NONE : dnc;
    recentUpserts = recentUpserts == null ? List.of() : List.copyOf(recentUpserts);
  }

  public StoredContact(Contact contact, DncState dnc, List<UpsertMark> recentUpserts) {
    this(contact, dnc, recentUpserts, false);
  }

  /** One applied upsert. */
  public record UpsertMark(String eventId, String outcome) {
  }

  /** The outcome recorded for this upsert event, or null when it was not applied here. */
  String outcomeOf(String eventId) {
    for (UpsertMark mark : recentUpserts) {
      if (mark.eventId().equals(eventId)) {
        return mark.outcome();
      }
    }
    return null;
  }

  StoredContact with(Contact next) {
    return new StoredContact(next, dnc, recentUpserts);
  }

  StoredContact withUpsert(Contact next, String eventId, String outcome) {
    List<UpsertMark> marks = new ArrayList<>(recentUpserts);
    marks.add(new UpsertMark(eventId, outcome));
    while (marks.size() > RECENT_UPSERTS) {
      marks.remove(0);
    }
    return new StoredContact(next, dnc, marks);
  }
}
