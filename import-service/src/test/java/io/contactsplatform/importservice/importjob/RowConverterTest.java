package io.contactsplatform.importservice.importjob;

import io.contactsplatform.support.csv.CsvRow;
import io.contactsplatform.support.csv.CsvRows;
import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.events.contact.upsert.ContactData;
import io.contactsplatform.events.contact.upsert.DuplicatePolicy;
import io.contactsplatform.events.contact.upsert.TimezoneSource;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowConverterTest {

  private static final List<String> HEADER = List.of("Phone", "First", "Country", "TZ", "Tags", "Plan");
  private static final ColumnMapping MAPPING = ColumnMapping.of(HEADER,
      Map.of("Phone", "phone", "First", "first_name", "Country", "country", "TZ", "timezone", "Tags", "tags"));
  private static final ImportSettings US = new ImportSettings("US", DuplicatePolicy.MERGE, List.of("spring-promo"), null);

  @Test
  void shouldNormalisePhoneWithDefaultRegionAndInferSingleTimezone() {
    ContactData data = accepted(convert(US, "(415) 555-0132 x718", " Ada ", "", "", "", "gold")).data();

    assertThat(data.getPhoneE164()).isEqualTo("+14155550132");
    assertThat(data.getPhoneExtension()).isEqualTo("718");
    assertThat(data.getFirstName()).isEqualTo("Ada");
    assertThat(data.getCountry()).isNull();
    assertThat(data.getTimezone()).isEqualTo("America/Los_Angeles");
    assertThat(data.getTimezoneSource()).isEqualTo(TimezoneSource.INFERRED_FROM_PHONE);
    assertThat(data.getTimezoneCandidates()).containsExactly("America/Los_Angeles");
  }

  @Test
  void shouldUseRowsIsoCountryAsPhoneRegion() {
    ContactData data = accepted(convert(US, "020 7946 0018", "Alan", "gb", "", "", "")).data();

    assertThat(data.getPhoneE164()).isEqualTo("+442079460018");
    assertThat(data.getCountry()).isEqualTo("GB");
    assertThat(data.getTimezone()).isEqualTo("Europe/London");
  }

  @Test
  void shouldUseRowsEnglishCountryNameAsPhoneRegion() {
    ContactData data = accepted(convert(US, "020 7946 0018", "Alan", "United Kingdom", "", "", "")).data();

    assertThat(data.getPhoneE164()).isEqualTo("+442079460018");
    assertThat(data.getCountry()).isEqualTo("GB");
  }

  @Test
  void shouldWarnAndFallBackToDefaultRegionForUnknownCountry() {
    RowOutcome outcome = convert(US, "020 7946 0018", "Alan", "Atlantis", "", "", "");

    assertThat(outcome).isInstanceOfSatisfying(RowOutcome.Rejected.class, r -> {
      assertThat(r.code()).isEqualTo("INVALID_PHONE");
      assertThat(r.issues().get(0).message()).contains("region US");
      assertThat(r.issues().get(0).field()).isEqualTo("Phone");
    });
    RowOutcome.Accepted kept = accepted(convert(US, "(415) 555-0132", "Alan", "Atlantis", "", "", ""));
    assertThat(kept.data().getCountry()).isNull();
    assertThat(kept.issues()).singleElement().satisfies(w -> {
      assertThat(w.severity()).isEqualTo(RowIssue.Severity.WARNING);
      assertThat(w.code()).isEqualTo("INVALID_FIELD_VALUE");
      assertThat(w.field()).isEqualTo("Country");
    });
  }

  @Test
  void shouldKeepEveryCandidateAndNoZoneWhenPhoneSpansZones() {
    ContactData data = accepted(convert(US, "605 555 0100", "", "", "", "", "")).data();

    assertThat(data.getTimezone()).isNull();
    assertThat(data.getTimezoneSource()).isEqualTo(TimezoneSource.INFERRED_FROM_PHONE);
    assertThat(data.getTimezoneCandidates()).containsExactly("America/Denver", "America/North_Dakota/Center");
  }

  @Test
  void shouldKeepValidIanaTimezoneAsProvided() {
    ContactData data = accepted(convert(US, "605 555 0100", "", "", "America/Denver", "", "")).data();

    assertThat(data.getTimezone()).isEqualTo("America/Denver");
    assertThat(data.getTimezoneSource()).isEqualTo(TimezoneSource.PROVIDED);
    assertThat(data.getTimezoneCandidates()).containsExactly("America/Denver");
  }

  @Test
  void shouldInferTimezoneAndWarnWhenProvidedOneIsNotIana() {
    RowOutcome.Accepted row = accepted(convert(US, "(415) 555-0132", "", "", "Pacific Time", "", ""));

    assertThat(row.data().getTimezone()).isEqualTo("America/Los_Angeles");
    assertThat(row.data().getTimezoneSource()).isEqualTo(TimezoneSource.INFERRED_FROM_PHONE);
    assertThat(row.issues()).extracting(RowIssue::code, RowIssue::field, RowIssue::severity)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("INVALID_TIMEZONE", "TZ", RowIssue.Severity.WARNING));
  }

  @Test
  void shouldSplitTagsOnCommaAndSemicolonAndAddImportTags() {
    ContactData data = accepted(convert(US, "(415) 555-0132", "", "", "", "vip, west;vip ;", "")).data();

    assertThat(data.getTags()).containsExactly("vip", "west", "spring-promo");
  }

  @Test
  void shouldRejectRowWithoutPhone() {
    assertThat(convert(US, "  ", "Ada", "", "", "", "")).isInstanceOfSatisfying(RowOutcome.Rejected.class, r -> {
      assertThat(r.code()).isEqualTo("MISSING_PHONE");
      assertThat(r.rowNumber()).isEqualTo(4);
      assertThat(r.values()).containsExactly("  ", "Ada", "", "", "", "");
    });
  }

  @Test
  void shouldRejectInvalidPhone() {
    assertThat(convert(US, "12345", "Ada", "", "", "", ""))
        .isInstanceOfSatisfying(RowOutcome.Rejected.class, r -> assertThat(r.code()).isEqualTo("INVALID_PHONE"));
  }

  @Test
  void shouldRejectMalformedRowWithItsCells() {
    RowOutcome outcome = new RowConverter(MAPPING, US, Map.of())
        .convert(new CsvRow(9, 12, List.of("x", "y"), "row has 2 cells, the header has 6"));

    assertThat(outcome).isInstanceOfSatisfying(RowOutcome.Rejected.class, r -> {
      assertThat(r.code()).isEqualTo("MALFORMED_ROW");
      assertThat(r.line()).isEqualTo(12);
      assertThat(r.values()).containsExactly("x", "y");
    });
  }

  @Test
  void shouldCarryEveryColumnByHeaderOnlyWhenImportHasCampaign() {
    ImportSettings campaign = new ImportSettings("US", DuplicatePolicy.MERGE, List.of(), "camp-1");

    assertThat(accepted(convert(US, "(415) 555-0132", "", "", "", "", "gold")).columns()).isEmpty();
    assertThat(accepted(convert(campaign, "(415) 555-0132", "Ada", "", "", "", "gold")).columns())
        .containsExactly(Map.entry("Phone", "(415) 555-0132"), Map.entry("First", "Ada"), Map.entry("Country", ""),
            Map.entry("TZ", ""), Map.entry("Tags", ""), Map.entry("Plan", "gold"));
  }

  @Test
  void shouldConvertTheSameWithTheFirstPassKeyAsWithoutItExtensionsIncluded() throws Exception {
    Path file = Path.of(RowConverterTest.class.getResource("/customers-100.csv").toURI());
    int withExtension = 0;
    for (String phoneColumn : List.of("Phone 1", "Phone 2")) {
      try (CsvRows rows = CsvRows.open(file)) {
        Map<String, String> targets = new HashMap<>(Map.of(phoneColumn, "phone", "Country", "country",
            "Email", "email", "First Name", "first_name", "Customer Id", "external_id"));
        rows.header().forEach(header -> targets.putIfAbsent(header, "skip"));
        RowConverter converter = new RowConverter(ColumnMapping.of(rows.header(), targets), US, Map.of());
        while (rows.hasNext()) {
          CsvRow row = rows.next();
          long key = converter.phoneKey(row);
          withExtension += PhoneKeys.hasExtension(key) ? 1 : 0;
          assertThat(converter.convert(row, key)).as(phoneColumn + " row " + row.rowNumber())
              .isEqualTo(converter.convert(row));
        }
      }
    }
    assertThat(withExtension).isGreaterThan(10);
  }

  @Test
  void shouldRejectAValueOverItsFieldLimitAsValueTooLongNamingTheFieldWithoutQuotingIt() {
    String huge = "A".repeat(1_100_000);
    RowOutcome outcome = convert(US, "(415) 555-0132", huge, "", "", "", "");

    assertThat(outcome).isInstanceOfSatisfying(RowOutcome.Rejected.class, r -> {
      assertThat(r.code()).isEqualTo("VALUE_TOO_LONG");
      assertThat(r.issues().get(0).message()).startsWith("first_name: 1100000 characters long; at most 100")
          .hasSizeLessThan(200);
    });
    accepted(convert(US, "(415) 555-0132", "A".repeat(100), "", "", "", ""));
    assertThat(convert(US, "(415) 555-0132", "A".repeat(101), "", "", "", ""))
        .isInstanceOfSatisfying(RowOutcome.Rejected.class, r -> assertThat(r.code()).isEqualTo("VALUE_TOO_LONG"));
    String tags = String.join(",", java.util.stream.IntStream.range(0, 51).mapToObj(i -> "t" + i).toList());
    assertThat(convert(US, "(415) 555-0132", "Ada", "", "", tags, ""))
        .isInstanceOfSatisfying(RowOutcome.Rejected.class, r -> assertThat(r.issues().get(0).message())
            .startsWith("tags: 52 tags; at most 50"));
  }

  @Test
  void shouldRejectARowWhoseEventWouldBeOverTheBrokersRequestSizeInsteadOfSendingIt() {
    ImportSettings campaign = new ImportSettings("US", DuplicatePolicy.MERGE, List.of(), "summer");
    RowOutcome outcome = convert(campaign, "(415) 555-0132", "Ada", "", "", "", "x".repeat(1_100_000));

    assertThat(outcome).isInstanceOfSatisfying(RowOutcome.Rejected.class, r -> {
      assertThat(r.code()).isEqualTo("VALUE_TOO_LONG");
      assertThat(r.issues().get(0).message()).startsWith("row: its event would be").contains("1000000 bytes");
    });
    accepted(convert(campaign, "(415) 555-0132", "Ada", "", "", "", "x".repeat(100_000)));
  }

  private static RowOutcome convert(ImportSettings settings, String... cells) {
    return new RowConverter(MAPPING, settings, Map.of()).convert(new CsvRow(4, 5, List.of(cells), null));
  }

  private static RowOutcome.Accepted accepted(RowOutcome outcome) {
    assertThat(outcome).isInstanceOf(RowOutcome.Accepted.class);
    return (RowOutcome.Accepted) outcome;
  }
}
