package io.contactsplatform.dncservice.dnc;

import io.contactsplatform.dncservice.dnc.DncEntry.Scope;
import io.contactsplatform.dncservice.dnc.DncEntry.Source;
import java.time.Instant;

/**
 * A validated request to add an entry (everything but the number). Built only through
 * {@link #of}, which applies the rules shared by the REST API and the Kafka listeners.
 */
public record EntrySpec(Scope scope, String campaignId, Source source, String reason, String actor,
                        Instant expiresAt) {

  /** Longest reason, actor or campaign id accepted (keeps a number's document small). */
  static final int MAX_TEXT = 1000;

  /**
   * Validates and normalises an add request: scope defaults to WORKSPACE, source to MANUAL;
   * CAMPAIGN needs a campaignId and WORKSPACE must not carry one; reason and actor are required;
   * an expiry must lie after {@code now}.
   *
   * @throws DncRuleViolation naming the offending field
   */
  public static EntrySpec of(Scope scope, String campaignId, Source source, String reason, String actor,
                             Instant expiresAt, Instant now) {
    Scope s = scope == null ? Scope.WORKSPACE : scope;
    String campaign = campaignFor(s, campaignId);
    if (expiresAt != null && !expiresAt.isAfter(now)) {
      throw new DncRuleViolation("expiresAt", "must be in the future");
    }
    return new EntrySpec(s, limited("campaignId", campaign), source == null ? Source.MANUAL : source,
        required("reason", reason), required("actor", actor), expiresAt);
  }

  /**
   * The campaign id that goes with {@code scope}: required for CAMPAIGN, refused for WORKSPACE
   * (a campaign id with the default scope is more likely a mistake than a wish to block everything).
   *
   * @throws DncRuleViolation naming {@code campaignId}
   */
  static String campaignFor(Scope scope, String campaignId) {
    String campaign = blankToNull(campaignId);
    if (scope == Scope.CAMPAIGN && campaign == null) {
      throw new DncRuleViolation("campaignId", "required when scope is CAMPAIGN");
    }
    if (scope == Scope.WORKSPACE && campaign != null) {
      throw new DncRuleViolation("campaignId", "only allowed when scope is CAMPAIGN (scope defaults to WORKSPACE)");
    }
    return campaign;
  }

  static String required(String field, String value) {
    String text = blankToNull(value);
    if (text == null) {
      throw new DncRuleViolation(field, "required");
    }
    return limited(field, text);
  }

  private static String limited(String field, String value) {
    if (value != null && value.length() > MAX_TEXT) {
      throw new DncRuleViolation(field, "at most " + MAX_TEXT + " characters");
    }
    return value;
  }

  static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
