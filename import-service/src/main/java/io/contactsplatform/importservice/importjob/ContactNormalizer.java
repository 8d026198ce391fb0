package io.contactsplatform.importservice.importjob;

import io.contactsplatform.events.contact.upsert.ContactData;
import io.contactsplatform.events.contact.upsert.TimezoneSource;
import io.contactsplatform.importservice.customfield.CustomFieldDefinition;
import io.contactsplatform.support.contact.ContactLimits;
import io.contactsplatform.support.customfield.FieldConversion;
import io.contactsplatform.support.phone.ParsedPhone;
import io.contactsplatform.support.phone.PhoneNumbers;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one set of rules that turns raw contact fields into upsert data, shared by CSV rows and
 * CRM updates:
 * <ul>
 *   <li>lengths first: a value longer than its {@link ContactLimits} limit (or more than
 *       {@value ContactLimits#TAGS_PER_CONTACT} tags) rejects the contact as {@code VALUE_TOO_LONG}
 *       naming the field and both lengths, never quoting the value;</li>
 *   <li>phone (required): libphonenumber, E.164 plus extension; region = the row's country (ISO
 *       code or English name) when libphonenumber knows it, else the default region. Blank →
 *       {@code MISSING_PHONE}, not a valid number → {@code INVALID_PHONE} (ERROR);</li>
 *   <li>email: syntax checked (commons-validator, through {@link EmailAddresses}); invalid →
 *       {@code INVALID_EMAIL} (WARNING, dropped);</li>
 *   <li>country: ISO alpha-2/alpha-3 or English name, kept as alpha-2; unknown →
 *       {@code INVALID_FIELD_VALUE} (WARNING, dropped);</li>
 *   <li>timezone: a valid IANA id (any case) is kept (PROVIDED); otherwise inferred from the phone
 *       (INFERRED_FROM_PHONE; one zone is set, several leave it null with every candidate kept;
 *       none gives UNKNOWN). A non-blank invalid id adds {@code INVALID_TIMEZONE} (WARNING);</li>
 *   <li>tags: split on {@code ,} or {@code ;}, trimmed, de-duplicated in order;</li>
 *   <li>custom fields (when definitions are given): converted by type; an unusable value is
 *       {@code INVALID_FIELD_VALUE}, an ERROR for a required field (also when blank and without a
 *       default), else a WARNING dropping the value. Without definitions (CRM updates) the raw
 *       text is passed on for contact-service to validate.</li>
 * </ul>
 */
public final class ContactNormalizer {

  public static final String MISSING_PHONE = "MISSING_PHONE";
  public static final String INVALID_PHONE = "INVALID_PHONE";
  public static final String INVALID_EMAIL = "INVALID_EMAIL";
  public static final String INVALID_TIMEZONE = "INVALID_TIMEZONE";
  public static final String INVALID_FIELD_VALUE = "INVALID_FIELD_VALUE";
  public static final String VALUE_TOO_LONG = "VALUE_TOO_LONG";

  private static final Map<String, String> ZONES = zones();

  private ContactNormalizer() {
  }

  /** Normalised data or the reasons the contact is rejected. */
  public sealed interface Result permits Valid, Invalid {
  }

  /** Upsert-ready data and the warnings raised on optional fields. */
  public record Valid(ContactData data, List<RowIssue> warnings) implements Result {
  }

  /** Rejected: the errors (at least one), first the one the row is counted under. */
  public record Invalid(List<RowIssue> errors) implements Result {

    public String code() {
      return errors.get(0).code();
    }

    public String message() {
      return errors.get(0).message();
    }
  }

  /** The region a row's number is read in: its country when usable, else the default. */
  static String region(String country, String defaultRegion) {
    return PhoneNumbers.region(Countries.isoCode(country), defaultRegion);
  }

  /** Normalises with raw custom field values passed through (no definitions known). */
  public static Result normalize(ContactFields fields, String defaultRegion) {
    return normalize(fields, defaultRegion, null, null);
  }

  /**
   * Normalises {@code fields}. {@code definitions} (key → definition) convert custom fields; null
   * passes them through as text. {@code phone}, when given, is the already parsed number.
   */
  static Result normalize(ContactFields fields, String defaultRegion, Map<String, CustomFieldDefinition> definitions,
                          ParsedPhone phone) {
    List<RowIssue> tooLong = tooLong(fields);
    if (!tooLong.isEmpty()) {
      return new Invalid(tooLong);
    }
    List<RowIssue> errors = new ArrayList<>();
    List<RowIssue> warnings = new ArrayList<>();
    String rawCountry = text(fields.country());
    String country = Countries.isoCode(rawCountry);
    if (rawCountry != null && country == null) {
      warnings.add(RowIssue.warning("country", INVALID_FIELD_VALUE,
          "country: '" + rawCountry + "' is not an ISO country code or English country name; dropped"));
    }
    String region = PhoneNumbers.region(country, defaultRegion);
    String rawPhone = text(fields.phone());
    if (phone == null) {
      if (rawPhone == null) {
        errors.add(RowIssue.error("phone", MISSING_PHONE, "phone: empty"));
      } else {
        Optional<ParsedPhone> parsed = PhoneNumbers.parse(rawPhone, region);
        if (parsed.isEmpty()) {
          errors.add(RowIssue.error("phone", INVALID_PHONE,
              "phone: '" + rawPhone + "' is not a valid phone number (region " + region + ")"));
        } else {
          phone = parsed.get();
        }
      }
    }
    Map<String, Object> customFields = customFields(fields.customFields(), definitions, errors, warnings);
    if (!errors.isEmpty()) {
      return new Invalid(List.copyOf(errors));
    }
    String email = text(fields.email());
    if (email != null && !EmailAddresses.isValidAddress(email)) {
      warnings.add(RowIssue.warning("email", INVALID_EMAIL, "email: '" + email + "' is not a valid address; dropped"));
      email = null;
    }
    ContactData.Builder data = ContactData.newBuilder()
        .setPhoneE164(phone.e164())
        .setPhoneExtension(phone.extension())
        .setExternalId(text(fields.externalId()))
        .setFirstName(text(fields.firstName()))
        .setLastName(text(fields.lastName()))
        .setEmail(email)
        .setCompany(text(fields.company()))
        .setCountry(country)
        .setTags(tags(fields.tags()))
        .setCustomFields(customFields);
    String rawZone = text(fields.timezone());
    String zone = rawZone == null ? null : ZONES.get(rawZone.toLowerCase(Locale.ROOT));
    if (zone != null) {
      data.setTimezone(zone).setTimezoneSource(TimezoneSource.PROVIDED).setTimezoneCandidates(List.of(zone));
    } else {
      List<String> zones = phone.timezones();
      if (rawZone != null) {
        warnings.add(RowIssue.warning("timezone", INVALID_TIMEZONE, "timezone: '" + rawZone
            + "' is not an IANA time zone; " + (zones.isEmpty() ? "none could be inferred" : "inferred " + zones)));
      }
      if (zones.isEmpty()) {
        data.setTimezone(null).setTimezoneSource(TimezoneSource.UNKNOWN).setTimezoneCandidates(List.of());
      } else {
        data.setTimezone(zones.size() == 1 ? zones.get(0) : null)
            .setTimezoneSource(TimezoneSource.INFERRED_FROM_PHONE)
            .setTimezoneCandidates(zones);
      }
    }
    return new Valid(data.build(), warnings.isEmpty() ? List.of() : List.copyOf(warnings));
  }

  private static Map<String, Object> customFields(Map<String, String> raw, Map<String, CustomFieldDefinition> definitions,
                                                  List<RowIssue> errors, List<RowIssue> warnings) {
    Map<String, Object> values = new LinkedHashMap<>();
    if (definitions == null) {
      raw.forEach((key, value) -> {
        if (text(value) != null) {
          values.put(key, value.trim());
        }
      });
      return values;
    }
    raw.forEach((key, value) -> {
      CustomFieldDefinition definition = definitions.get(key);
      String field = "cf:" + key;
      String text = text(value);
      if (definition == null) {
        errors.add(RowIssue.error(field, INVALID_FIELD_VALUE, field + ": not a custom field of this workspace"));
        return;
      }
      if (text == null && definition.required() && definition.defaultValue() != null) {
        text = definition.defaultValue();
      }
      if (text == null) {
        if (definition.required()) {
          errors.add(RowIssue.error(field, INVALID_FIELD_VALUE, field + ": required, but empty"));
        }
        return;
      }
      FieldConversion conversion = definition.convert(text);
      if (conversion instanceof FieldConversion.Converted converted) {
        values.put(key, converted.converted());
      } else {
        String reason = ((FieldConversion.Failed) conversion).reason();
        if (definition.required()) {
          errors.add(RowIssue.error(field, INVALID_FIELD_VALUE, field + " (" + definition.type() + ", required): "
              + reason));
        } else {
          warnings.add(RowIssue.warning(field, INVALID_FIELD_VALUE, field + " (" + definition.type() + "): "
              + reason + "; dropped"));
        }
      }
    });
    return values;
  }

  /** A {@code VALUE_TOO_LONG} error per field over its limit (trimmed length), in field order. */
  static List<RowIssue> tooLong(ContactFields fields) {
    List<RowIssue> errors = new ArrayList<>(0);
    checkLength(errors, "phone", fields.phone(), ContactLimits.PHONE);
    checkLength(errors, "external_id", fields.externalId(), ContactLimits.EXTERNAL_ID);
    checkLength(errors, "first_name", fields.firstName(), ContactLimits.FIRST_NAME);
    checkLength(errors, "last_name", fields.lastName(), ContactLimits.LAST_NAME);
    checkLength(errors, "email", fields.email(), ContactLimits.EMAIL);
    checkLength(errors, "company", fields.company(), ContactLimits.COMPANY);
    checkLength(errors, "country", fields.country(), ContactLimits.COUNTRY);
    checkLength(errors, "timezone", fields.timezone(), ContactLimits.TIMEZONE);
    for (String value : fields.tags()) {
      if (value != null && value.length() > ContactLimits.TAG * ContactLimits.TAGS_PER_CONTACT * 2) {
        checkLength(errors, "tags", value, ContactLimits.TAG * ContactLimits.TAGS_PER_CONTACT * 2);
        return errors;
      }
    }
    List<String> tags = tags(fields.tags());
    tags.stream().filter(t -> t.length() > ContactLimits.TAG).findFirst().ifPresent(t -> errors.add(
        RowIssue.error("tags", VALUE_TOO_LONG, "tags: a tag is " + t.length() + " characters long; at most "
            + ContactLimits.TAG + " are accepted")));
    if (tags.size() > ContactLimits.TAGS_PER_CONTACT) {
      errors.add(RowIssue.error("tags", VALUE_TOO_LONG, "tags: " + tags.size() + " tags; at most "
          + ContactLimits.TAGS_PER_CONTACT + " per contact"));
    }
    fields.customFields().forEach((key, value) -> checkLength(errors, "cf:" + key, value,
        ContactLimits.CUSTOM_FIELD_VALUE));
    return errors;
  }

  private static void checkLength(List<RowIssue> errors, String field, String value, int max) {
    if (value != null && value.length() > max) {
      int length = value.trim().length();
      if (length > max) {
        errors.add(RowIssue.error(field, VALUE_TOO_LONG, field + ": " + length + " characters long; at most " + max
            + " are accepted"));
      }
    }
  }

  /** Splits every value on {@code ,} or {@code ;}; trimmed, non-blank, first occurrence kept. */
  static List<String> tags(List<String> values) {
    Set<String> tags = new LinkedHashSet<>();
    for (String value : values) {
      if (value == null) {
        continue;
      }
      int start = 0;
      for (int i = 0; i <= value.length(); i++) {
        if (i == value.length() || value.charAt(i) == ',' || value.charAt(i) == ';') {
          String tag = value.substring(start, i).trim();
          if (!tag.isEmpty()) {
            tags.add(tag);
          }
          start = i + 1;
        }
      }
    }
    return new ArrayList<>(tags);
  }

  private static Map<String, String> zones() {
    Map<String, String> zones = new HashMap<>();
    for (String id : ZoneId.getAvailableZoneIds()) {
      zones.put(id.toLowerCase(Locale.ROOT), id);
    }
    return Map.copyOf(zones);
  }

  static String text(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
