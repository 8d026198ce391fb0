package io.contactsplatform.dncservice.dnc;

/** Who removes an entry and why; both are required (nothing leaves the DNC list anonymously). */
public record Removal(String actor, String reason) {

  /**
   * @throws DncRuleViolation naming {@code reason} or {@code actor} when blank
   */
  public static Removal of(String actor, String reason) {
    String why = EntrySpec.required("reason", reason);
    return new Removal(EntrySpec.required("actor", actor), why);
  }
}
