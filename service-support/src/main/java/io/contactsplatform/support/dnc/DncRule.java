package io.contactsplatform.support.dnc;

import com.mongodb.client.model.Filters;
import java.time.Instant;
import java.util.Date;
import org.bson.conversions.Bson;

/**
 * When a DNC entry is active and when it blocks a call, in one place for every service: dnc-service's
 * entries, the resolver's DNC read model, contact-service's DNC view of a contact and its
 * {@code dnc} filter. An entry is active at {@code now} while it is not removed and its expiry, if
 * any, is after {@code now} (an entry expiring exactly at {@code now} is expired). An active entry
 * blocks a call of a campaign when its scope is {@value #WORKSPACE}, or {@value #CAMPAIGN} for
 * exactly that campaign; a call with no campaign is blocked only by workspace entries.
 *
 * <p>{@link #activeQuery} and {@link #blocksQuery} are the same rule as MongoDB filters on an
 * entry document (fields {@code removedAt}, {@code expiresAt} as dates, {@code scope},
 * {@code campaignId}), for use inside {@code $elemMatch} or on an entries collection; a missing
 * field counts as null.
 */
public final class DncRule {

  public static final String WORKSPACE = "WORKSPACE";
  public static final String CAMPAIGN = "CAMPAIGN";

  private DncRule() {
  }

  /** Not removed and not expired at {@code now}. */
  public static boolean active(Instant removedAt, Instant expiresAt, Instant now) {
    return removedAt == null && (expiresAt == null || expiresAt.isAfter(now));
  }

  /**
   * True when an entry of {@code scope} (and {@code entryCampaignId}) forbids calling for
   * {@code campaignId} at {@code now}.
   */
  public static boolean blocks(String scope, String entryCampaignId, Instant removedAt, Instant expiresAt,
                               String campaignId, Instant now) {
    return active(removedAt, expiresAt, now) && covers(scope, entryCampaignId, campaignId);
  }

  /** The scope part of {@link #blocks}: workspace-wide, or this very campaign. */
  public static boolean covers(String scope, String entryCampaignId, String campaignId) {
    return WORKSPACE.equals(scope)
        || (CAMPAIGN.equals(scope) && campaignId != null && campaignId.equals(entryCampaignId));
  }

  /** {@link #active} as a filter on an entry document. */
  public static Bson activeQuery(Instant now) {
    return Filters.and(Filters.eq("removedAt", null),
        Filters.or(Filters.eq("expiresAt", null), Filters.gt("expiresAt", Date.from(now))));
  }

  /** {@link #blocks} as a filter on an entry document. */
  public static Bson blocksQuery(String campaignId, Instant now) {
    Bson scope = campaignId == null ? Filters.eq("scope", WORKSPACE)
        : Filters.or(Filters.eq("scope", WORKSPACE),
            Filters.and(Filters.eq("scope", CAMPAIGN), Filters.eq("campaignId", campaignId)));
    return Filters.and(activeQuery(now), scope);
  }
}
