package io.contactsplatform.support.phone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhoneNumbersTest {

  @Test
  void shouldNormaliseAnyFormatToE164WithZones() {
    ParsedPhone phone = PhoneNumbers.parse("(415) 555-0132", "US").orElseThrow();

    assertThat(phone.e164()).isEqualTo("+14155550132");
    assertThat(phone.extension()).isNull();
    assertThat(phone.timezones()).containsExactly("America/Los_Angeles");
  }

  @Test
  void shouldKeepExtensionSeparately() {
    ParsedPhone phone = PhoneNumbers.parse("415.555.0132x718", "US").orElseThrow();

    assertThat(phone.e164()).isEqualTo("+14155550132");
    assertThat(phone.extension()).isEqualTo("718");
  }

  @Test
  void shouldUseDefaultRegionOnlyWithoutCountryCode() {
    assertThat(PhoneNumbers.toE164("020 7946 0958", "GB")).contains("+442079460958");
    assertThat(PhoneNumbers.toE164("+44 20 7946 0958", "US")).contains("+442079460958");
  }

  @Test
  void shouldRejectInvalidNumbers() {
    assertThat(PhoneNumbers.parse("12345", "US")).isEmpty();
    assertThat(PhoneNumbers.parse("not a phone", "US")).isEmpty();
    assertThat(PhoneNumbers.parse("", "US")).isEmpty();
    assertThat(PhoneNumbers.parse(null, "US")).isEmpty();
  }

  @Test
  void shouldMaskAllButCountryCodeAndLastTwoDigits() {
    assertThat(PhoneNumbers.mask("+14155550132")).isEqualTo("+1********32");
    assertThat(PhoneNumbers.mask("12")).isEqualTo("12");
    assertThat(PhoneNumbers.mask(null)).isEqualTo("null");
  }

  @Test
  void shouldGiveTheFastPathTheSameE164AsTheFullParse() {
    String[][] samples = {{"(415) 555-0132", "US"}, {"415.555.0132x718", "us"}, {"020 7946 0958", "GB"},
        {"+44 20 7946 0958", "US"}, {"12345", "US"}, {"not a phone", "US"}, {" ", "US"}, {"4155550132", null},
        {"+14155550132", null}, {"020 7946 0958", "ZZ"}};
    for (String[] s : samples) {
      assertThat(PhoneNumbers.e164OrNull(s[0], s[1])).as(s[0] + " in " + s[1])
          .isEqualTo(s[1] == null ? (s[0].startsWith("+") ? PhoneNumbers.parse(s[0], "US").orElseThrow().e164() : null)
              : PhoneNumbers.parse(s[0], s[1]).map(ParsedPhone::e164).orElse(null));
    }
    assertThat(PhoneNumbers.isE164("+14155550132")).isTrue();
    assertThat(PhoneNumbers.isE164("+1 415 555 0132")).isFalse();
    assertThat(PhoneNumbers.isE164("14155550132")).isFalse();
    assertThat(PhoneNumbers.isE164("+15555550100")).as("not a valid number").isFalse();
    assertThat(PhoneNumbers.isE164(null)).isFalse();
  }

  @Test
  void shouldChooseTheRegionOnceForEveryPath() {
    assertThat(PhoneNumbers.region("gb", "DE")).as("the country first").isEqualTo("GB");
    assertThat(PhoneNumbers.region("XX", " de ")).as("else the given default").isEqualTo("DE");
    assertThat(PhoneNumbers.region(null, null)).as("else US").isEqualTo("US");
    assertThat(PhoneNumbers.region(null, " ")).isEqualTo("US");
    assertThat(PhoneNumbers.requestedRegion(null)).contains("US");
    assertThat(PhoneNumbers.requestedRegion(" gb ")).contains("GB");
    assertThat(PhoneNumbers.requestedRegion("ZZ")).isEmpty();
    assertThat(PhoneNumbers.isSupportedRegion("fr")).isTrue();
    assertThat(PhoneNumbers.isSupportedRegion("001")).isFalse();
    assertThat(PhoneNumbers.isSupportedRegion(null)).isFalse();
  }
}
