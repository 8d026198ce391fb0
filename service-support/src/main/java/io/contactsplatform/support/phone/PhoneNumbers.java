package io.contactsplatform.support.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Phone parsing and formatting through libphonenumber, for every service: any input format to
 * E.164 plus extension and candidate time zones ({@link #parse}), the fast path to E.164 alone
 * for bulk work ({@link #e164OrNull}, {@link #isE164}: parse, validate and format, without the
 * time-zone lookup that doubles the cost), the choice of the region a national number is read in
 * ({@link #region}, {@link #requestedRegion}; {@value #DEFAULT_REGION} by default), and masking
 * for logs (logs never carry a full number).
 */
public final class PhoneNumbers {

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final String UNKNOWN_ZONE = PhoneNumberToTimeZonesMapper.getUnknownTimeZone();
  private static final Set<String> REGIONS = UTIL.getSupportedRegions();

  /** The region of national numbers when nothing better is known. */
  public static final String DEFAULT_REGION = "US";

  private PhoneNumbers() {
  }

  /**
   * Parses {@code raw} (any format) using {@code defaultRegion} (ISO 3166 alpha-2) for numbers
   * without a country code. Empty when the text is not a valid number.
   */
  public static Optional<ParsedPhone> parse(String raw, String defaultRegion) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    String region = defaultRegion == null ? DEFAULT_REGION : defaultRegion.toUpperCase(Locale.ROOT);
    try {
      PhoneNumber number = UTIL.parse(raw.trim(), region);
      if (!UTIL.isValidNumber(number)) {
        return Optional.empty();
      }
      String e164 = UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
      String extension = number.hasExtension() && !number.getExtension().isEmpty() ? number.getExtension() : null;
      List<String> zones = PhoneNumberToTimeZonesMapper.getInstance().getTimeZonesForNumber(number).stream()
          .filter(zone -> !UNKNOWN_ZONE.equals(zone))
          .toList();
      return Optional.of(new ParsedPhone(e164, extension, zones));
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }

  /** E.164 for {@code raw}, or empty when it is not a valid number (the fast path: no time zones). */
  public static Optional<String> toE164(String raw, String defaultRegion) {
    return Optional.ofNullable(e164OrNull(raw, defaultRegion == null ? DEFAULT_REGION : defaultRegion));
  }

  /**
   * E.164 of {@code raw} read in {@code region} (upper case; null: only numbers with a country
   * code), or null when it is not a valid number: parse, validate and format, without the
   * time-zone lookup of {@link #parse}.
   */
  public static String e164OrNull(String raw, String region) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      PhoneNumber number = UTIL.parse(raw.trim(), region == null ? null : region.toUpperCase(Locale.ROOT));
      return UTIL.isValidNumber(number) ? UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164) : null;
    } catch (NumberParseException e) {
      return null;
    }
  }

  /** Whether {@code phone} is a valid number written exactly in E.164 (the sender normalised it). */
  public static boolean isE164(String phone) {
    return phone != null && phone.startsWith("+") && phone.equals(e164OrNull(phone, null));
  }

  /** True when libphonenumber reads national numbers of {@code region} (ISO 3166 alpha-2, any case). */
  public static boolean isSupportedRegion(String region) {
    return region != null && REGIONS.contains(region.toUpperCase(Locale.ROOT));
  }

  /**
   * The region a number is read in: {@code preferred} (e.g. the contact's or row's country) when
   * supported, else {@code fallback} when given (e.g. an import's default region), else
   * {@value #DEFAULT_REGION}; upper case.
   */
  public static String region(String preferred, String fallback) {
    if (isSupportedRegion(preferred)) {
      return preferred.toUpperCase(Locale.ROOT);
    }
    return fallback == null || fallback.isBlank() ? DEFAULT_REGION : fallback.trim().toUpperCase(Locale.ROOT);
  }

  /**
   * A caller's {@code defaultRegion} (request option or event field): {@value #DEFAULT_REGION}
   * when blank, else trimmed and upper case; empty when libphonenumber does not support it.
   */
  public static Optional<String> requestedRegion(String defaultRegion) {
    if (defaultRegion == null || defaultRegion.isBlank()) {
      return Optional.of(DEFAULT_REGION);
    }
    String region = defaultRegion.trim().toUpperCase(Locale.ROOT);
    return REGIONS.contains(region) ? Optional.of(region) : Optional.empty();
  }

  /** A log-safe form keeping the country code and the last two digits: {@code +1*********32}. */
  public static String mask(String phone) {
    if (phone == null) {
      return "null";
    }
    int keepHead = Math.min(phone.startsWith("+") ? 2 : 0, phone.length());
    int keepTail = Math.min(2, Math.max(0, phone.length() - keepHead));
    return phone.substring(0, keepHead) + "*".repeat(phone.length() - keepHead - keepTail)
        + phone.substring(phone.length() - keepTail);
  }
}
