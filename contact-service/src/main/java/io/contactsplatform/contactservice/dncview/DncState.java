package io.contactsplatform.contactservice.dncview;

import com.mongodb.client.model.Filters;
import io.contactsplatform.support.dnc.DncRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The DNC state a contact document carries (field {@code dnc}), derived from the number's last
 * dnc-changes: the entries active when it was derived, {@code blocked} (an active WORKSPACE entry)
 * and {@code blockedUntil} (when the last of those expires; null when one never does). Whether an
 * entry is active and blocks is the shared {@link DncRule}; the view recomputes from the entries at
 * read time and the {@code dnc} filter ({@link #blockedQuery}) reads the same entries, so expiry
 * needs no rewrite.
 */
public record DncState(boolean blocked, Instant blockedUntil, List<Entry> entries) {

  public static final DncState NONE = new DncState(false, null, List.of());

  public DncState {
    entries = List.copyOf(entries);
  }

  /** One entry active when the state was derived. */
  public record Entry(String scope, String campaignId, String source, Instant expiresAt) {

    boolean activeAt(Instant now) {
      return DncRule.active(null, expiresAt, now);
    }

    /** Active at {@code now} and workspace-wide (what the contact's {@code dnc} flag means). */
    boolean blocksEveryCampaign(Instant now) {
      return DncRule.blocks(scope, campaignId, null, expiresAt, null, now);
    }
  }

  /** The state of a number from its entries (removed and expired ones dropped). */
  static DncState of(List<Document> storedEntries, Instant now) {
    List<Entry> active = new ArrayList<>();
    for (Document e : storedEntries) {
      Date expires = e.getDate("expiresAt");
      Entry entry = new Entry(e.getString("scope"), e.getString("campaignId"), e.getString("source"),
          expires == null ? null : expires.toInstant());
      Date removed = e.getDate("removedAt");
      if (DncRule.active(removed == null ? null : removed.toInstant(), entry.expiresAt(), now)) {
        active.add(entry);
      }
    }
    boolean blocked = false;
    boolean forever = false;
    Instant until = null;
    for (Entry e : active) {
      if (e.blocksEveryCampaign(now)) {
        blocked = true;
        if (e.expiresAt() == null) {
          forever = true;
        } else if (until == null || e.expiresAt().isAfter(until)) {
          until = e.expiresAt();
        }
      }
    }
    return new DncState(blocked, blocked && !forever ? until : null, active);
  }

  /**
   * {@code dnc eq true} as a filter on contacts: an entry the contact carries blocks every campaign
   * at {@code now} ({@link DncRule#blocksQuery} inside {@code dnc.entries}), the same rule as
   * {@link #view}'s {@code blocked}.
   */
  public static Bson blockedQuery(Instant now) {
    return Filters.elemMatch("dnc.entries", DncRule.blocksQuery(null, now));
  }

  /** What the contact shows at {@code now}. */
  public DncView view(Instant now) {
    LinkedHashSet<String> sources = new LinkedHashSet<>();
    LinkedHashSet<String> campaigns = new LinkedHashSet<>();
    boolean blockedNow = false;
    for (Entry e : entries) {
      if (e.activeAt(now)) {
        sources.add(e.source());
        if (e.blocksEveryCampaign(now)) {
          blockedNow = true;
        } else if (e.campaignId() != null) {
          campaigns.add(e.campaignId());
        }
      }
    }
    return new DncView(blockedNow, new ArrayList<>(sources), new ArrayList<>(campaigns));
  }

  public Document toDocument() {
    List<Document> docs = new ArrayList<>();
    for (Entry e : entries) {
      docs.add(new Document("scope", e.scope()).append("campaignId", e.campaignId()).append("source", e.source())
          .append("expiresAt", e.expiresAt() == null ? null : Date.from(e.expiresAt())));
    }
    return new Document("blocked", blocked)
        .append("blockedUntil", blockedUntil == null ? null : Date.from(blockedUntil))
        .append("entries", docs);
  }

  public static DncState fromDocument(Document d) {
    if (d == null) {
      return NONE;
    }
    List<Entry> entries = new ArrayList<>();
    for (Document e : d.getList("entries", Document.class, List.of())) {
      Date expires = e.getDate("expiresAt");
      entries.add(new Entry(e.getString("scope"), e.getString("campaignId"), e.getString("source"),
          expires == null ? null : expires.toInstant()));
    }
    Date until = d.getDate("blockedUntil");
    return new DncState(Boolean.TRUE.equals(d.getBoolean("blocked")), until == null ? null : until.toInstant(), entries);
  }
}
