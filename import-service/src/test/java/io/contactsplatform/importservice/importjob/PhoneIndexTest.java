package io.contactsplatform.importservice.importjob;

import io.contactsplatform.support.csv.CsvRow;
import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.events.contact.upsert.DuplicatePolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhoneIndexTest {

  private static final ColumnMapping MAPPING = ColumnMapping.of(List.of("phone", "country"),
      Map.of("phone", "phone", "country", "country"));
  private static final RowConverter CONVERTER = new RowConverter(MAPPING,
      new ImportSettings("US", DuplicatePolicy.MERGE, List.of(), null), Map.of());

  @Test
  void shouldFindLastRowOfEachNumberWrittenSeveralWays() {
    PhoneIndex index = PhoneIndex.build(List.of(
        row(1, "(415) 555-0132", ""),
        row(2, "+1 212 555 0187", ""),
        row(3, "020 7946 0018", "United Kingdom"),
        row(4, "+14155550132 x12", ""),
        row(5, "not a number", ""),
        row(6, "+44 20 7946 0018", "US"),
        row(7, "415.555.0132", "")).iterator(), CONVERTER);

    assertThat(index.rows()).isEqualTo(7);
    assertThat(index.lastRowOfDuplicate(index.key(1))).isEqualTo(7);
    assertThat(index.lastRowOfDuplicate(index.key(4))).isEqualTo(7);
    assertThat(index.lastRowOfDuplicate(index.key(3))).isEqualTo(6);
    assertThat(index.lastRowOfDuplicate(index.key(2))).isZero();
    assertThat(index.key(5)).isEqualTo(PhoneKeys.NONE);
    assertThat(index.duplicatedNumbers()).isEqualTo(2);
  }

  @Test
  void shouldExpandKeyToTheSameNumberAsAFullParse() {
    long key = PhoneKeys.key("(605) 555-0100", "US");
    long italian = PhoneKeys.key("06 6982 1234", "IT");

    assertThat(PhoneKeys.expand(key).e164()).isEqualTo("+16055550100");
    assertThat(PhoneKeys.expand(key).timezones()).containsExactly("America/Denver", "America/North_Dakota/Center");
    assertThat(PhoneKeys.expand(italian).e164()).isEqualTo("+390669821234");
    assertThat(PhoneKeys.hasExtension(PhoneKeys.key("(415) 555-0132 ext. 9", "US"))).isTrue();
  }

  private static CsvRow row(long number, String phone, String country) {
    return new CsvRow(number, number + 1, List.of(phone, country), null);
  }
}
