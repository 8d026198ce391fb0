package io.contactsplatform.importservice.importjob;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.contactsplatform.events.contact.upsert.ContactData;
import io.contactsplatform.events.contact.upsert.TimezoneSource;
import io.contactsplatform.support.phone.ParsedPhone;
import io.contactsplatform.support.phone.PhoneNumbers;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The one set of rules that turns raw contact fields into upsert data, shared by CSV rows and
 * CRM updates:
 * <ul>
 *   <li>phone: parsed by libphonenumber with the row's country as region when it is an ISO
 *       3166-1 alpha-2 code libphonenumber knows, else the default region; blank →
 *       {@code MISSING_PHONE}, unparseable or invalid → {@code INVALID_PHONE} (the contact is
 *       rejected);</li>
 *   <li>timezone: a valid IANA id is kept (PROVIDED); otherwise inferred from the phone
 *       (INFERRED_FROM_PHONE: one zone is set, several leave it null with every candidate kept;
 *       none gives UNKNOWN). A non-blank invalid id adds the warning {@code INVALID_TIMEZONE};</li>
 *   <li>tags: each value split on {@code ,} or {@code ;}, trimmed, de-duplicated in order;</li>
 *   <li>country: kept only as an ISO alpha-2 code (upper case); other values are dropped.</li>
 * </ul>
 * Known limits (issue 3): no email syntax check, no country names, no custom fields.
 */
public final class ContactNormalizer {

  public static final String MISSING_PHONE = "MISSING_PHONE";
  public static final String INVALID_PHONE = "INVALID_PHONE";
  public static final String INVALID_TIMEZONE = "INVALID_TIMEZONE";
  public static final String DEFAULT_REGION = "US";

  private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());
  private static final Set<String> PHONE_REGIONS = PhoneNumberUtil.getInstance().getSupportedRegions();
  private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

  private ContactNormalizer() {
  }

  /** Normalised data or the reason the contact is rejected. */
  public sealed interface Result permits Valid, Invalid {
  }

  /** Upsert-ready data and the warnings (codes) raised on optional fields. */
  public record Valid(ContactData data, List<String> warnings) implements Result {
  }

  /** Rejected: a code such as {@code INVALID_PHONE} and a message naming the field. */
  public record Invalid(String code, String message) implements Result {
  }

  /** True when {@code region} is a region libphonenumber can parse national numbers for. */
  public static boolean isPhoneRegion(String region) {
    return region != null && PHONE_REGIONS.contains(region.toUpperCase(Locale.ROOT));
  }

  public static Result normalize(ContactFields fields, String defaultRegion) {
    String country = isoCountry(fields.country());
    String region = country != null && isPhoneRegion(country) ? country
        : defaultRegion == null ? DEFAULT_REGION : defaultRegion.toUpperCase(Locale.ROOT);
    String rawPhone = text(fields.phone());
    if (rawPhone == null) {
      return new Invalid(MISSING_PHONE, "phone: empty");
    }
    Optional<ParsedPhone> parsed = PhoneNumbers.parse(rawPhone, region);
    if (parsed.isEmpty()) {
      return new Invalid(INVALID_PHONE, "phone: not a valid phone number (region " + region + ")");
    }
    ParsedPhone phone = parsed.get();
    List<String> warnings = new ArrayList<>();
    ContactData.Builder data = ContactData.newBuilder()
        .setPhoneE164(phone.e164())
        .setPhoneExtension(phone.extension())
        .setExternalId(text(fields.externalId()))
        .setFirstName(text(fields.firstName()))
        .setLastName(text(fields.lastName()))
        .setEmail(text(fields.email()))
        .setCompany(text(fields.company()))
        .setCountry(country)
        .setTags(tags(fields.tags()));
    String timezone = text(fields.timezone());
    if (timezone != null && ZONES.contains(timezone)) {
      data.setTimezone(timezone).setTimezoneSource(TimezoneSource.PROVIDED).setTimezoneCandidates(List.of(timezone));
    } else {
      if (timezone != null) {
        warnings.add(INVALID_TIMEZONE);
      }
      List<String> zones = phone.timezones();
      if (zones.isEmpty()) {
        data.setTimezone(null).setTimezoneSource(TimezoneSource.UNKNOWN).setTimezoneCandidates(List.of());
      } else {
        data.setTimezone(zones.size() == 1 ? zones.get(0) : null)
            .setTimezoneSource(TimezoneSource.INFERRED_FROM_PHONE)
            .setTimezoneCandidates(zones);
      }
    }
    return new Valid(data.build(), List.copyOf(warnings));
  }

  /** Splits every value on {@code ,} or {@code ;}; trimmed, non-blank, first occurrence kept. */
  static List<String> tags(List<String> values) {
    Set<String> tags = new LinkedHashSet<>();
    for (String value : values) {
      if (value != null) {
        for (String tag : value.split("[,;]")) {
          if (!tag.isBlank()) {
            tags.add(tag.trim());
          }
        }
      }
    }
    return new ArrayList<>(tags);
  }

  private static String isoCountry(String value) {
    String text = text(value);
    if (text == null || text.length() != 2) {
      return null;
    }
    String code = text.toUpperCase(Locale.ROOT);
    return ISO_COUNTRIES.contains(code) ? code : null;
  }

  private static String text(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
