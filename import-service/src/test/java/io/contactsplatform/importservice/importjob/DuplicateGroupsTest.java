package io.contactsplatform.importservice.importjob;

import io.contactsplatform.support.csv.CsvRow;
import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.events.contact.upsert.DuplicatePolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DuplicateGroupsTest {

  private static final RowConverter CONVERTER = new RowConverter(
      ColumnMapping.of(List.of("phone", "first_name", "company"), Map.of("phone", "phone", "first_name", "first_name",
          "company", "company")),
      new ImportSettings("US", DuplicatePolicy.MERGE, List.of(), null), Map.of());
  private static final List<CsvRow> ROWS = List.of(
      row(1, "(415) 555-0132", "Ada", "Old Co"),
      row(2, "(212) 555-0187", "Grace", ""),
      row(3, "+1 415 555 0132", "", "New Co"),
      row(4, "12345", "Broken", ""),
      row(5, "415.555.0132", "Augusta", ""));

  @Test
  void shouldSendSingleRowsAtOnceAndAGroupOnceWhenItsLastRowIsRead() {
    DuplicateGroups groups = new DuplicateGroups(PhoneIndex.build(ROWS.iterator(), CONVERTER));

    List<DuplicateGroups.Step> steps = ROWS.stream().map(r -> groups.add(r.rowNumber(), CONVERTER.convert(r))).toList();

    assertThat(steps).extracting(DuplicateGroups.Step::accepted).containsExactly(true, true, false, false, false);
    assertThat(steps).extracting(DuplicateGroups.Step::merged).containsExactly(false, false, true, false, true);
    assertThat(steps.get(0).send()).isNull();
    assertThat(steps.get(1).send().rowNumber()).isEqualTo(2);
    assertThat(steps.get(4).send()).satisfies(merged -> {
      assertThat(merged.rowNumber()).isEqualTo(1);
      assertThat(merged.data().getFirstName()).isEqualTo("Augusta");
      assertThat(merged.data().getCompany()).isEqualTo("New Co");
    });
  }

  @Test
  void shouldRebuildOpenGroupWhenRowsBeforeTheCheckpointAreReplayed() {
    DuplicateGroups groups = new DuplicateGroups(PhoneIndex.build(ROWS.iterator(), CONVERTER));
    ROWS.subList(0, 3).stream().filter(r -> groups.grouped(r.rowNumber()))
        .forEach(r -> groups.add(r.rowNumber(), CONVERTER.convert(r)));

    DuplicateGroups.Step last = groups.add(5, CONVERTER.convert(ROWS.get(4)));

    assertThat(last.merged()).isTrue();
    assertThat(last.send().rowNumber()).isEqualTo(1);
    assertThat(last.send().data().getCompany()).isEqualTo("New Co");
    assertThat(groups.grouped(2)).isFalse();
  }

  private static CsvRow row(long number, String phone, String name, String company) {
    return new CsvRow(number, number + 1, List.of(phone, name, company), null);
  }
}
