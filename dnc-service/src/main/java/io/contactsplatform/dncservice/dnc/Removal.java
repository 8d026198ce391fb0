package io.contactsplatform.dncservice.dnc;

import io.contactsplatform.dncservice.dnc.DncEntry.Source;

/**
 * Who removes an entry, why, and whether the remover explicitly overrides the protection of
 * NATIONAL_REGISTRY and CALL_OPT_OUT entries. {@code authority} is the feed speaking for its own
 * entries (a national-registry load removing numbers that left the registry), which needs no
 * override; null for people and other systems. Actor and reason are required: nothing leaves the
 * DNC list anonymously.
 */
public record Removal(String actor, String reason, boolean override, Source authority) {

  /**
   * @throws DncRuleViolation naming {@code reason} or {@code actor} when blank
   */
  public static Removal of(String actor, String reason) {
    return of(actor, reason, false);
  }

  /**
   * @throws DncRuleViolation naming {@code reason} or {@code actor} when blank
   */
  public static Removal of(String actor, String reason, boolean override) {
    String why = EntrySpec.required("reason", reason);
    return new Removal(EntrySpec.required("actor", actor), why, override, null);
  }

  /** A removal by the feed that owns {@code source} entries (no override needed for them). */
  public static Removal byAuthority(Source source, String actor, String reason) {
    return new Removal(EntrySpec.required("actor", actor), EntrySpec.required("reason", reason), false, source);
  }

  /** True when this removal may remove an entry of {@code source}. */
  public boolean allows(Source source) {
    return !source.isProtected() || override || authority == source;
  }

  /**
   * @throws DncRuleViolation naming {@code override} when this removal may not remove {@code source} entries
   */
  public void check(Source source) {
    if (!allows(source)) {
      throw new DncRuleViolation("override", "entries from " + source
          + " can be removed only with override=true (the override is recorded)");
    }
  }
}
