package io.contactsplatform.importservice.importjob;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.contactsplatform.support.phone.ParsedPhone;
import java.util.List;
import java.util.Locale;

/**
 * A valid phone number packed into one {@code long} (country code, leading zeros, national
 * number, a flag when the text had an extension and one when libphonenumber calls the number
 * geographical), so the first pass over a file can remember every row's number in 8 bytes and the
 * second pass need not parse it again. 0 means "no valid number". Numbers are equal as E.164
 * exactly when their {@link #dedupeKey}s are equal. The number type is worked out once, in
 * {@link #key}: validity is "type not UNKNOWN" (what {@code isValidNumber} checks), and the
 * geographical flag lets {@link #expand} ask for the time zones without libphonenumber working the
 * type out again (what {@code getTimeZonesForNumber} would do).
 */
final class PhoneKeys {

  static final long NONE = 0;
  private static final long EXTENSION = 1L << 60;
  private static final long GEOGRAPHICAL = 1L << 61;
  private static final long FLAGS = EXTENSION | GEOGRAPHICAL;
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
      PhoneNumberType type = UTIL.getNumberType(number);
      if (type == PhoneNumberType.UNKNOWN) {
        return NONE;
      }
      int zeros = number.isItalianLeadingZero() ? Math.max(1, number.getNumberOfLeadingZeros()) : 0;
      if (number.getCountryCode() > 999 || zeros > 7 || number.getNationalNumber() > NATIONAL_MASK) {
        return NONE;
      }
      long key = ((long) number.getCountryCode() << 50) | ((long) zeros << 47) | number.getNationalNumber();
      if (UTIL.isNumberGeographical(type, number.getCountryCode())) {
        key |= GEOGRAPHICAL;
      }
      return number.hasExtension() && !number.getExtension().isEmpty() ? key | EXTENSION : key;
    } catch (NumberParseException e) {
      return NONE;
    }
  }

  /**
   * The extension written with {@code raw} (the text a key flagged {@link #hasExtension} came from,
   * read in the same region), or null.
   */
  static String extension(String raw, String region) {
    try {
      PhoneNumber number = UTIL.parse(raw.trim(), region.toUpperCase(Locale.ROOT));
      return number.hasExtension() && !number.getExtension().isEmpty() ? number.getExtension() : null;
    } catch (NumberParseException e) {
      return null;
    }
  }

  /** The key without its flags: equal for the same E.164 number. */
  static long dedupeKey(long key) {
    return key & ~FLAGS;
  }

  /** True when the number's text carried an extension (which the key does not hold: see {@link #extension}). */
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
    PhoneNumberToTimeZonesMapper mapper = PhoneNumberToTimeZonesMapper.getInstance();
    List<String> zones = ((key & GEOGRAPHICAL) != 0 ? mapper.getTimeZonesForGeographicalNumber(number)
        : mapper.getTimeZonesForNumber(number)).stream()
        .filter(zone -> !UNKNOWN_ZONE.equals(zone))
        .toList();
    return new ParsedPhone(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164), null, zones);
  }
}
