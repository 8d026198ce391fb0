package io.contactsplatform.importservice.importjob;

import io.contactsplatform.support.csv.CsvRow;
import io.contactsplatform.support.csv.CsvRows;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.contactsplatform.support.phone.ParsedPhone;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhoneKeysTest {

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final String UNKNOWN_ZONE = PhoneNumberToTimeZonesMapper.getUnknownTimeZone();

  /** Mobiles, fixed lines, toll-free and non-geographical numbers of several countries, with their region. */
  private static final String[][] NUMBERS = {
      {"(415) 555-0132", "US"}, {"(605) 555-0100", "US"}, {"+1 212 555 0187", "US"}, {"1-800-275-2273", "US"},
      {"+1 888 555 0100", "US"}, {"(907) 555-0111", "US"}, {"+1 808 555 0123", "US"}, {"+1 900 555 0199", "US"},
      {"(416) 555-0123", "CA"}, {"+1 604 555 0199", "CA"}, {"+1 867 555 0142", "CA"}, {"1 800 555 0100", "CA"},
      {"020 7946 0018", "GB"}, {"+44 7700 900123", "GB"}, {"0800 123 4567", "GB"}, {"+44 161 496 0000", "GB"},
      {"030 901820", "DE"}, {"+49 151 23456789", "DE"}, {"0800 1234567", "DE"}, {"+49 89 1234567", "DE"},
      {"01 42 68 53 00", "FR"}, {"+33 6 12 34 56 78", "FR"}, {"0800 123 456", "FR"}, {"+33 4 91 12 34 56", "FR"},
      {"098765 43210", "IN"}, {"+91 11 2345 6789", "IN"}, {"1800 123 4567", "IN"}, {"+91 80 4123 4567", "IN"},
      {"(02) 9876 5432", "AU"}, {"+61 412 345 678", "AU"}, {"1800 123 456", "AU"}, {"+61 8 9123 4567", "AU"},
      {"+800 1234 5678", "US"}, {"+882 3456 7890", "US"}, {"06 6982 1234", "IT"}, {"+7 495 123 4567", "RU"},
      {"(415) 555-0132 ext. 9", "US"}, {"not a number", "US"}, {"12345", "US"}, {"+1 555 555 5555", "US"}};

  @Test
  void shouldExpandToExactlyWhatGetTimeZonesForNumberGives() throws Exception {
    List<String[]> numbers = new ArrayList<>(List.of(NUMBERS));
    for (String region : List.of("US", "CA", "GB", "DE", "FR", "IN", "AU")) {
      for (PhoneNumberType type : PhoneNumberType.values()) {
        PhoneNumber example = UTIL.getExampleNumberForType(region, type);
        if (example != null) {
          numbers.add(new String[] {UTIL.format(example, PhoneNumberUtil.PhoneNumberFormat.NATIONAL), region});
        }
      }
    }
    numbers.addAll(customersFixtureNumbers());
    int valid = 0;
    for (String[] number : numbers) {
      ParsedPhone expected = fullParse(number[0], number[1]);
      long key = PhoneKeys.key(number[0], number[1]);
      if (expected == null) {
        assertThat(key).as(number[0] + " in " + number[1]).isEqualTo(PhoneKeys.NONE);
      } else {
        valid++;
        ParsedPhone expanded = PhoneKeys.expand(key);
        String as = number[0] + " in " + number[1];
        assertThat(expanded.e164()).as(as).isEqualTo(expected.e164());
        assertThat(expanded.timezones()).as(as).containsExactlyElementsOf(expected.timezones());
      }
    }
    assertThat(valid).isGreaterThan(150);
  }

  @Test
  void shouldGiveTheSameDedupeKeyToOneNumberWrittenWithAndWithoutExtension() {
    long plain = PhoneKeys.key("(415) 555-0132", "US");
    long withExtension = PhoneKeys.key("+1 415 555 0132 x12", "US");
    long tollFree = PhoneKeys.key("1-800-275-2273", "US");

    assertThat(PhoneKeys.hasExtension(withExtension)).isTrue();
    assertThat(PhoneKeys.dedupeKey(withExtension)).isEqualTo(PhoneKeys.dedupeKey(plain));
    assertThat(PhoneKeys.dedupeKey(tollFree)).isNotEqualTo(PhoneKeys.dedupeKey(plain));
    assertThat(PhoneKeys.dedupeKey(PhoneKeys.key("+1 (800) 275 2273", "GB"))).isEqualTo(PhoneKeys.dedupeKey(tollFree));
  }

  /** What a plain libphonenumber parse gives: null when not valid, else E.164 and getTimeZonesForNumber's zones. */
  private static ParsedPhone fullParse(String raw, String region) {
    try {
      PhoneNumber number = UTIL.parse(raw, region);
      if (!UTIL.isValidNumber(number)) {
        return null;
      }
      List<String> zones = PhoneNumberToTimeZonesMapper.getInstance().getTimeZonesForNumber(number).stream()
          .filter(zone -> !UNKNOWN_ZONE.equals(zone))
          .toList();
      return new ParsedPhone(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164), null, zones);
    } catch (NumberParseException e) {
      return null;
    }
  }

  /** Both phone columns of the real-world fixture, read in US and in the row's own country. */
  private static List<String[]> customersFixtureNumbers() throws Exception {
    List<String[]> numbers = new ArrayList<>();
    Path file = Path.of(PhoneKeysTest.class.getResource("/customers-100.csv").toURI());
    try (CsvRows rows = CsvRows.open(file)) {
      int phone1 = rows.header().indexOf("Phone 1");
      int phone2 = rows.header().indexOf("Phone 2");
      int country = rows.header().indexOf("Country");
      while (rows.hasNext()) {
        CsvRow row = rows.next();
        String region = ContactNormalizer.region(row.fields().get(country), "US");
        for (int column : new int[] {phone1, phone2}) {
          numbers.add(new String[] {row.fields().get(column), "US"});
          numbers.add(new String[] {row.fields().get(column), region});
        }
      }
    }
    assertThat(numbers).hasSize(400);
    return numbers;
  }
}
