package io.contactsplatform.testsupport;

import java.util.List;

/**
 * One table of custom field inputs and what each converts to, shared by the tests that check every
 * conversion path (service-support's rule, contact-service writes, import-service cells,
 * variable-resolver-service typed variables) converts the same input the same way. Types are named
 * as text so the table needs no service code. ENUM rows use the allowed values {@link #ALLOWED}.
 *
 * <p>Limit: blank inputs are left out: what a blank means (no value, fall through, required) is
 * each path's own business, decided before conversion.
 */
public final class CustomFieldSamples {

  /** Allowed values of the ENUM rows. */
  public static final List<String> ALLOWED = List.of("gold", "silver");

  /** {@code type} input {@code input} converts to canonical text {@code expected}, or is refused (null). */
  public record Sample(String type, String input, String expected) {

    public boolean refused() {
      return expected == null;
    }

    @Override
    public String toString() {
      return type + " '" + input + "' -> " + (expected == null ? "refused" : "'" + expected + "'");
    }
  }

  public static final List<Sample> ALL = List.of(
      new Sample("TEXT", "Gold", "Gold"),
      new Sample("TEXT", " as is ", "as is"),
      new Sample("NUMBER", "42", "42"),
      new Sample("NUMBER", " 42.0 ", "42"),
      new Sample("NUMBER", "-2.5", "-2.5"),
      new Sample("NUMBER", "3.50", "3.5"),
      new Sample("NUMBER", "1e3", "1000"),
      new Sample("NUMBER", "0.000", "0"),
      new Sample("NUMBER", "+7", "7"),
      new Sample("NUMBER", "12345678901234567890", "12345678901234567000"),
      new Sample("NUMBER", "1e400", null),
      new Sample("NUMBER", "-1e400", null),
      new Sample("NUMBER", "NaN", null),
      new Sample("NUMBER", "Infinity", null),
      new Sample("NUMBER", "12 apples", null),
      new Sample("NUMBER", "0x1F", null),
      new Sample("NUMBER", "1,5", null),
      new Sample("BOOLEAN", "true", "true"),
      new Sample("BOOLEAN", "TRUE", "true"),
      new Sample("BOOLEAN", "Yes", "true"),
      new Sample("BOOLEAN", "1", "true"),
      new Sample("BOOLEAN", "false", "false"),
      new Sample("BOOLEAN", "No", "false"),
      new Sample("BOOLEAN", "0", "false"),
      new Sample("BOOLEAN", "y", null),
      new Sample("BOOLEAN", "N", null),
      new Sample("BOOLEAN", "on", null),
      new Sample("BOOLEAN", "maybe", null),
      new Sample("BOOLEAN", "2", null),
      new Sample("DATE", "2026-11-04", "2026-11-04"),
      new Sample("DATE", " 2027-02-28 ", "2027-02-28"),
      new Sample("DATE", "2026-11-04T23:30:00-05:00", "2026-11-04"),
      new Sample("DATE", "2026-11-04T10:00:00Z", "2026-11-04"),
      new Sample("DATE", "2027-02-30", null),
      new Sample("DATE", "04/11/2026", null),
      new Sample("DATE", "2026-11-04T10:00:00", null),
      new Sample("DATE", "tomorrow", null),
      new Sample("ENUM", "GOLD", "gold"),
      new Sample("ENUM", "silver", "silver"),
      new Sample("ENUM", "platinum", null));

  private CustomFieldSamples() {
  }

  /** The rows of the types a path knows (the resolver has no ENUM). */
  public static List<Sample> of(List<String> types) {
    return ALL.stream().filter(s -> types.contains(s.type())).toList();
  }
}
