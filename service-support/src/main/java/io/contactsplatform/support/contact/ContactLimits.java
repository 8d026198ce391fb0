package io.contactsplatform.support.contact;

import java.util.Collection;
import java.util.Map;

/**
 * The length limits of contact data, in one place for every path that writes it: the contact API
 * (create, patch, bulk SET_FIELDS/ADD_TAGS), contact-upserts from imports and CRMs (a value over
 * its limit rejects the row with {@link #VALUE_TOO_LONG}), and import-service before it sends a
 * row. Also the limits of the texts around contacts: free-text search, segments and custom field
 * definitions. Lengths count characters (Unicode code points), after trimming where the field is
 * trimmed. A violation message names the field and the limit: {@code firstName: at most 100
 * characters (got 1234)}.
 *
 * <p>Limit: values are checked where they enter; contacts stored before a limit existed keep
 * their longer values until they are next written.
 */
public final class ContactLimits {

  /** A phone number as written, in any format (E.164 is at most 16). */
  public static final int PHONE = 64;
  public static final int PHONE_EXTENSION = 20;
  public static final int EXTERNAL_ID = 128;
  public static final int FIRST_NAME = 100;
  public static final int LAST_NAME = 100;
  /** RFC 5321's limit of a forward path. */
  public static final int EMAIL = 254;
  public static final int COMPANY = 200;
  /** A country code as written (checked against ISO 3166 after the length). */
  public static final int COUNTRY = 64;
  /** A time zone as written (checked against the IANA ids after the length). */
  public static final int TIMEZONE = 64;
  public static final int TAG = 64;
  public static final int TAGS_PER_CONTACT = 50;
  /** A custom field value as text, whatever its type (TEXT values are stored as given, trimmed). */
  public static final int CUSTOM_FIELD_VALUE = 1000;

  /** Free-text search of contacts (also the {@code search} of a dynamic segment). */
  public static final int SEARCH = 200;
  public static final int SEGMENT_NAME = 100;
  public static final int SEGMENT_DESCRIPTION = 1000;

  public static final int CUSTOM_FIELD_KEY = 64;
  public static final int CUSTOM_FIELD_LABEL = 100;
  public static final int CUSTOM_FIELD_OWNER = 100;
  public static final int CUSTOM_FIELD_DESCRIPTION = 1000;
  /** One allowed value of an ENUM custom field. */
  public static final int ALLOWED_VALUE = 100;
  /** Allowed values of one ENUM custom field. */
  public static final int ALLOWED_VALUES = 200;

  /** The rejection code of an upsert or import row with a value over its limit. */
  public static final String VALUE_TOO_LONG = "VALUE_TOO_LONG";

  /** The limits of the contact's text fields by API name (camelCase, as in contact-upserts' ContactData). */
  public static final Map<String, Integer> CONTACT_TEXT = Map.of(
      "phone", PHONE,
      "phoneExtension", PHONE_EXTENSION,
      "externalId", EXTERNAL_ID,
      "firstName", FIRST_NAME,
      "lastName", LAST_NAME,
      "email", EMAIL,
      "company", COMPANY,
      "country", COUNTRY,
      "timezone", TIMEZONE);

  private ContactLimits() {
  }

  /** The length of {@code value} in characters (code points). */
  public static int length(String value) {
    return value.codePointCount(0, value.length());
  }

  /** Null when {@code value} (null allowed) has at most {@code max} characters, else the violation. */
  public static String tooLong(String field, String value, int max) {
    if (value == null || value.length() <= max) {
      return null;
    }
    int length = length(value);
    return length <= max ? null : field + ": at most " + max + " characters (got " + length + ")";
  }

  /**
   * Null when the contact text field {@code field} (an API name of {@link #CONTACT_TEXT}) fits,
   * else the violation; fields without a limit here always fit.
   */
  public static String contactText(String field, String value) {
    Integer max = CONTACT_TEXT.get(field);
    return max == null ? null : tooLong(field, value, max);
  }

  /** Null when every tag fits and there are at most {@link #TAGS_PER_CONTACT}, else the first violation. */
  public static String tags(String field, Collection<String> tags) {
    if (tags == null) {
      return null;
    }
    if (tags.size() > TAGS_PER_CONTACT) {
      return field + ": at most " + TAGS_PER_CONTACT + " tags per contact (got " + tags.size() + ")";
    }
    for (String tag : tags) {
      String violation = tooLong(field, tag, TAG);
      if (violation != null) {
        return field + ": a tag has at most " + TAG + " characters (got " + length(tag) + ")";
      }
    }
    return null;
  }
}
