package io.contactsplatform.support.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Phone parsing and formatting through libphonenumber: any input format to E.164 plus extension
 * and candidate time zones, and masking for logs (logs never carry a full number).
 */
public final class PhoneNumbers {

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final String UNKNOWN_ZONE = PhoneNumberToTimeZonesMapper.getUnknownTimeZone();

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
    String region = defaultRegion == null ? "US" : defaultRegion.toUpperCase(Locale.ROOT);
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

  /** E.164 for {@code raw}, or empty when it is not a valid number. */
  public static Optional<String> toE164(String raw, String defaultRegion) {
    return parse(raw, defaultRegion).map(ParsedPhone::e164);
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
