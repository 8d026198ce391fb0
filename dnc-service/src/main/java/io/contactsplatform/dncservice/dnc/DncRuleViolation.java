package io.contactsplatform.dncservice.dnc;

/**
 * A DNC request that breaks a rule, naming the offending field. The REST API answers it with a
 * 422 problem detail; Kafka listeners turn it into an {@code InvalidEventException} (dead letter).
 */
public class DncRuleViolation extends RuntimeException {

  private final String field;

  public DncRuleViolation(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
