package io.contactsplatform.dncservice.dnc;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
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
    String raw = phone;
    if (raw != null && raw.startsWith(" ") && !raw.isBlank() && Character.isDigit(raw.strip().charAt(0))) {
      raw = "+" + raw.strip();
    }
    return e164(raw, region(defaultRegion));
  }

  private static String e164(String phone, String region) {
    if (phone == null || phone.isBlank()) {
      throw ApiException.unprocessable("phone: required");
    }
    return PhoneNumbers.toE164(phone, region)
        .orElseThrow(() -> ApiException.unprocessable("phone: not a valid phone number (defaultRegion " + region + ")"));
  }

  private static String region(String defaultRegion) {
    if (defaultRegion == null || defaultRegion.isBlank()) {
      return DEFAULT_REGION;
    }
    String region = defaultRegion.trim().toUpperCase(Locale.ROOT);
    if (!PhoneNumberUtil.getInstance().getSupportedRegions().contains(region)) {
      throw ApiException.unprocessable("defaultRegion: not a supported ISO 3166 region code");
    }
    return region;
  }
}
