package io.contactsplatform.contactservice.contact;

import io.contactsplatform.events.contact.upsert.ContactData;
import io.contactsplatform.support.contact.ContactLimits;
import io.contactsplatform.support.phone.ParsedPhone;
import io.contactsplatform.support.phone.PhoneNumbers;
import io.contactsplatform.support.web.ApiException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.validator.routines.EmailValidator;

/**
 * Field rules for contacts written through the API, the same as for an import row: phone parsed
 * by libphonenumber (region = the contact's country, else US), email syntax (commons-validator),
 * country an ISO 3166 alpha-2 or alpha-3 code (kept as alpha-2), timezone an IANA id (any case),
 * text trimmed with blank meaning none, tags trimmed and de-duplicated, every text and the tags
 * within their {@link ContactLimits} (checked before anything else, so a huge value is never
 * parsed or echoed). A violation is a 422 problem naming the field.
 */
public final class ContactRules {

  private static final EmailValidator EMAIL = EmailValidator.getInstance(false, true);
  private static final Map<String, String> COUNTRIES = countries();
  private static final Map<String, String> ZONES = zones();

  private ContactRules() {
  }

  /** Timezone fields of a contact: the zone (null when none or ambiguous), its source and the candidates. */
  record Timezone(String zone, String source, List<String> candidates) {
  }

  static ParsedPhone phone(Object raw, String country) {
    String text = text("phone", raw);
    if (text == null) {
      throw ApiException.unprocessable("phone: required");
    }
    String region = PhoneNumbers.region(country, null);
    return PhoneNumbers.parse(text, region)
        .orElseThrow(() -> ApiException.unprocessable("phone: '" + text + "' is not a valid phone number (region "
            + region + ")"));
  }

  static String email(Object raw) {
    String text = text("email", raw);
    if (text != null && !EMAIL.isValid(text)) {
      throw ApiException.unprocessable("email: '" + text + "' is not a valid email address");
    }
    return text;
  }

  static String country(Object raw) {
    String text = text("country", raw);
    if (text == null) {
      return null;
    }
    String code = COUNTRIES.get(text.toUpperCase(Locale.ROOT));
    if (code == null) {
      throw ApiException.unprocessable("country: '" + text + "' is not an ISO 3166 country code");
    }
    return code;
  }

  /** A provided IANA zone; null input means "infer from the phone". */
  static String zone(Object raw) {
    String text = text("timezone", raw);
    if (text == null) {
      return null;
    }
    String zone = ZONES.get(text.toLowerCase(Locale.ROOT));
    if (zone == null) {
      throw ApiException.unprocessable("timezone: '" + text + "' is not an IANA time zone id");
    }
    return zone;
  }

  /** The provided zone, else what the phone's zones say. */
  static Timezone timezone(String providedZone, ParsedPhone phone) {
    if (providedZone != null) {
      return new Timezone(providedZone, "PROVIDED", List.of(providedZone));
    }
    List<String> zones = phone == null ? List.of() : phone.timezones();
    if (zones.isEmpty()) {
      return new Timezone(null, "UNKNOWN", List.of());
    }
    return new Timezone(zones.size() == 1 ? zones.get(0) : null, "INFERRED_FROM_PHONE", zones);
  }

  static List<String> tags(String field, Object raw) {
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof List<?> list)) {
      throw ApiException.unprocessable(field + ": must be a list of text");
    }
    if (list.size() > ContactLimits.TAGS_PER_CONTACT) {
      // counted as sent, before duplicates are dropped: 50,001 copies of one tag are not one tag
      throw ApiException.unprocessable(field + ": at most " + ContactLimits.TAGS_PER_CONTACT
          + " tags per contact (got " + list.size() + ")");
    }
    Set<String> tags = new LinkedHashSet<>();
    for (Object tag : list) {
      if (!(tag instanceof String s)) {
        throw ApiException.unprocessable(field + ": must be a list of text");
      }
      if (!s.isBlank()) {
        tags.add(s.trim());
      }
    }
    String violation = ContactLimits.tags(field, tags);
    if (violation != null) {
      throw ApiException.unprocessable(violation);
    }
    return new ArrayList<>(tags);
  }

  /**
   * The first value of upsert data over its {@link ContactLimits limit} ({@code firstName: at most
   * 100 characters (got 1234)}), null when all fit; custom field values are checked with their
   * conversion ({@link io.contactsplatform.contactservice.customfield.CustomFieldValues}).
   */
  static String tooLong(ContactData data) {
    String[][] fields = {{"phoneExtension", data.getPhoneExtension()}, {"externalId", data.getExternalId()},
        {"firstName", data.getFirstName()}, {"lastName", data.getLastName()}, {"email", data.getEmail()},
        {"company", data.getCompany()}, {"country", data.getCountry()}, {"timezone", data.getTimezone()}};
    for (String[] field : fields) {
      String violation = ContactLimits.contactText(field[0], field[1] == null ? null : field[1].trim());
      if (violation != null) {
        return violation;
      }
    }
    if (data.getTags() != null) {
      return ContactLimits.tags("tags", new LinkedHashSet<>(data.getTags().stream()
          .filter(t -> t != null && !t.isBlank()).map(String::trim).toList()));
    }
    return null;
  }

  static String text(String field, Object raw) {
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof String s)) {
      throw ApiException.unprocessable(field + ": must be text");
    }
    if (s.isBlank()) {
      return null;
    }
    String text = s.trim();
    String violation = ContactLimits.contactText(field, text);
    if (violation != null) {
      throw ApiException.unprocessable(violation);
    }
    return text;
  }

  static boolean flag(String field, Object raw) {
    if (raw == null) {
      return false;
    }
    if (!(raw instanceof Boolean b)) {
      throw ApiException.unprocessable(field + ": must be true or false");
    }
    return b;
  }

  private static Map<String, String> countries() {
    Map<String, String> map = new HashMap<>();
    for (String code : Locale.getISOCountries()) {
      map.put(code, code);
      map.put(new Locale("", code).getISO3Country(), code);
    }
    return Map.copyOf(map);
  }

  private static Map<String, String> zones() {
    Map<String, String> map = new HashMap<>();
    for (String id : ZoneId.getAvailableZoneIds()) {
      map.put(id.toLowerCase(Locale.ROOT), id);
    }
    return Map.copyOf(map);
  }
}
