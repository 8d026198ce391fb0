package io.contactsplatform.dncservice.dnc;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.contactsplatform.support.phone.PhoneNumbers;
import io.contactsplatform.support.web.ApiException;
import java.util.Locale;

/**
 * Phone numbers as the REST API receives them: any format, with an optional ISO 3166 region for
 * numbers without a country code (US by default). Problems are 422 details naming the field and
 * never echo the number.
 */
final class PhoneInput {

  static final String DEFAULT_REGION = "US";
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private PhoneInput() {
  }

  /** E.164 of a number taken from a JSON body. */
  static String fromBody(String phone, String defaultRegion) {
    return e164(phone, region(defaultRegion));
  }

  /**
   * E.164 of a number taken from a query parameter. An unencoded {@code +} arrives decoded as a
   * space ({@code ?phone=+1415...}), so a leading space before a digit is read as {@code +}.
   */
  static String fromQuery(String phone, String defaultRegion) {
    return e164(plusFromQuery(phone), region(defaultRegion));
  }

  static String plusFromQuery(String phone) {
    if (phone != null && phone.startsWith(" ") && !phone.isBlank() && Character.isDigit(phone.strip().charAt(0))) {
      return "+" + phone.strip();
    }
    return phone;
  }

  /**
   * E.164 of {@code raw} in {@code region} (a supported region code), or null when it is not a
   * valid number. The bulk check's parser: libphonenumber's parse, validate and format, without
   * the time-zone lookup of {@link PhoneNumbers#parse}.
   */
  static String e164OrNull(String raw, String region) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      PhoneNumber number = UTIL.parse(raw.trim(), region);
      return UTIL.isValidNumber(number) ? UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164) : null;
    } catch (NumberParseException e) {
      return null;
    }
  }

  private static String e164(String phone, String region) {
    if (phone == null || phone.isBlank()) {
      throw ApiException.unprocessable("phone: required");
    }
    return PhoneNumbers.toE164(phone, region)
        .orElseThrow(() -> ApiException.unprocessable("phone: not a valid phone number (defaultRegion " + region + ")"));
  }

  /** The upper-cased region, US when absent; 422 naming {@code defaultRegion} when unsupported. */
  static String region(String defaultRegion) {
    if (defaultRegion == null || defaultRegion.isBlank()) {
      return DEFAULT_REGION;
    }
    String region = defaultRegion.trim().toUpperCase(Locale.ROOT);
    if (!UTIL.getSupportedRegions().contains(region)) {
      throw ApiException.unprocessable("defaultRegion: not a supported ISO 3166 region code");
    }
    return region;
  }
}
