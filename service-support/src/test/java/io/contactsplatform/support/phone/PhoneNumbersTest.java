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
}
