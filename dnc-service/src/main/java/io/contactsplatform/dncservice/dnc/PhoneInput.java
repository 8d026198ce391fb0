package io.contactsplatform.dncservice.dnc;

import io.contactsplatform.support.phone.PhoneNumbers;
import io.contactsplatform.support.web.ApiException;

/**
 * Phone numbers as the REST API receives them: any format, with an optional ISO 3166 region for
 * numbers without a country code (US by default). Problems are 422 details naming the field and
 * never echo the number. Parsing and the choice of region are {@link PhoneNumbers}'.
 */
final class PhoneInput {


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

  private static String e164(String phone, String region) {
    if (phone == null || phone.isBlank()) {
      throw ApiException.unprocessable("phone: required");
    }
    return PhoneNumbers.toE164(phone, region)
        .orElseThrow(() -> ApiException.unprocessable("phone: not a valid phone number (defaultRegion " + region + ")"));
  }

  /** The upper-cased region, US when absent; 422 naming {@code defaultRegion} when unsupported. */
  static String region(String defaultRegion) {
    return PhoneNumbers.requestedRegion(defaultRegion)
        .orElseThrow(() -> ApiException.unprocessable("defaultRegion: not a supported ISO 3166 region code"));
  }
}
