package io.contactsplatform.importservice.importjob;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.contactsplatform.support.phone.ParsedPhone;
import java.util.List;
import java.util.Locale;

/**
 * A valid phone number packed into one {@code long} (country code, leading zeros, national
 * number, and a flag when the text had an extension), so the first pass over a file can remember
 * every row's number in 8 bytes and the second pass need not parse it again. 0 means "no valid
 * number". Numbers are equal as E.164 exactly when their {@link #dedupeKey}s are equal.
 */
final class PhoneKeys {

  static final long NONE = 0;
  private static final long EXTENSION = 1L << 60;
  private static final long NATIONAL_MASK = (1L << 47) - 1;
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final String UNKNOWN_ZONE = PhoneNumberToTimeZonesMapper.getUnknownTimeZone();

  private PhoneKeys() {
  }

  /** The packed number, or {@link #NONE} when {@code raw} is blank or not a valid number for {@code region}. */
  static long key(String raw, String region) {
    if (raw == null || raw.isBlank()) {
      return NONE;
    }
    try {
      PhoneNumber number = UTIL.parse(raw.trim(), region.toUpperCase(Locale.ROOT));
      if (!UTIL.isValidNumber(number)) {
        return NONE;
      }
      int zeros = number.isItalianLeadingZero() ? Math.max(1, number.getNumberOfLeadingZeros()) : 0;
      if (number.getCountryCode() > 999 || zeros > 7 || number.getNationalNumber() > NATIONAL_MASK) {
        return NONE;
      }
      long key = ((long) number.getCountryCode() << 50) | ((long) zeros << 47) | number.getNationalNumber();
      return number.hasExtension() && !number.getExtension().isEmpty() ? key | EXTENSION : key;
    } catch (NumberParseException e) {
      return NONE;
    }
  }

  /** The key without the extension flag: equal for the same E.164 number. */
  static long dedupeKey(long key) {
    return key & ~EXTENSION;
  }

  /** True when the number's text carried an extension (which the key does not hold). */
  static boolean hasExtension(long key) {
    return (key & EXTENSION) != 0;
  }

  /** E.164 and time zones of a packed number (no extension). */
  static ParsedPhone expand(long key) {
    PhoneNumber number = new PhoneNumber()
        .setCountryCode((int) ((key >>> 50) & 0x3FF))
        .setNationalNumber(key & NATIONAL_MASK);
    int zeros = (int) ((key >>> 47) & 0x7);
    if (zeros > 0) {
      number.setItalianLeadingZero(true).setNumberOfLeadingZeros(zeros);
    }
    List<String> zones = PhoneNumberToTimeZonesMapper.getInstance().getTimeZonesForNumber(number).stream()
        .filter(zone -> !UNKNOWN_ZONE.equals(zone))
        .toList();
    return new ParsedPhone(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164), null, zones);
  }
}
