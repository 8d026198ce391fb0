package io.contactsplatform.support.limits;

/**
 * The longest value each contact field may hold, in characters, for every path that writes a
 * contact (today: import-service's rows and CRM updates, which reject a longer value as
 * {@code VALUE_TOO_LONG} naming the field). Known limit: contact-service's API does not use these
 * yet; they are meant to be unified with the limits it enforces.
 */
public final class FieldLimits {

  public static final int FIRST_NAME = 100;
  public static final int LAST_NAME = 100;
  public static final int COMPANY = 200;
  /** RFC 5321's longest forward path. */
  public static final int EMAIL = 254;
  public static final int TAG = 64;
  public static final int TAGS_PER_CONTACT = 50;
  public static final int EXTERNAL_ID = 128;
  /** A custom field value (any type; a text field's longest value). */
  public static final int CUSTOM_FIELD_TEXT = 1000;
  /** A phone cell as typed (libphonenumber reads at most 250). */
  public static final int PHONE = 64;
  /** A country or timezone cell. */
  public static final int COUNTRY = 64;
  public static final int TIMEZONE = 64;

  private FieldLimits() {
  }
}
