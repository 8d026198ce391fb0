package io.contactsplatform.contactservice.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.contactservice.contact.Contact;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContactDiffTest {

  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  static Contact contact(String firstName, List<String> tags, boolean doNotCall, Map<String, Object> custom,
                         String status, long version) {
    return new Contact("c-1", "ws-1", "+14155550132", null, null, firstName, "Lovelace", null, null, "US",
        "America/Los_Angeles", "INFERRED_FROM_PHONE", List.of(), tags, doNotCall, custom, "MANUAL", status, T0,
        T0.plusSeconds(version), version);
  }

  @Test
  void creationListsEveryFieldThatHasAValueWithNoBefore() {
    Contact created = contact("Ada", List.of("vip"), false, Map.of("stage", "new"), Contact.ACTIVE, 1);

    List<FieldChange> changes = ContactDiff.changes(null, created);

    assertThat(changes).extracting(FieldChange::field).containsExactly("phone", "firstName", "lastName", "country",
        "timezone", "timezoneSource", "tags", "source", "status", "cf:stage");
    assertThat(changes).allMatch(c -> c.before() == null);
    assertThat(changes).contains(new FieldChange("tags", null, List.of("vip")), new FieldChange("cf:stage", null, "new"));
  }

  @Test
  void updateListsOnlyTheFieldsThatChangedWithBeforeAndAfter() {
    Contact before = contact("Ada", List.of(), false, Map.of("stage", "new", "score", 3L), Contact.ACTIVE, 1);
    Contact after = contact("Ada K.", List.of("called"), true, Map.of("stage", "won", "owner", "bo"), Contact.ACTIVE, 2);

    assertThat(ContactDiff.changes(before, after)).containsExactly(
        new FieldChange("firstName", "Ada", "Ada K."),
        new FieldChange("tags", null, List.of("called")),
        new FieldChange("doNotCall", false, true),
        new FieldChange("cf:owner", null, "bo"),
        new FieldChange("cf:score", 3L, null),
        new FieldChange("cf:stage", "new", "won"));
    assertThat(ContactDiff.operation(before, after)).isEqualTo(HistoryOperation.UPDATED);
  }

  @Test
  void unchangedContactHasNoChangedFields() {
    Contact same = contact("Ada", List.of("a"), false, Map.of("stage", "new"), Contact.ACTIVE, 1);

    assertThat(ContactDiff.changes(same, contact("Ada", List.of("a"), false, Map.of("stage", "new"), Contact.ACTIVE, 2)))
        .isEmpty();
  }

  @Test
  void statusChangesNameTheOperation() {
    Contact active = contact("Ada", List.of(), false, Map.of(), Contact.ACTIVE, 1);
    Contact archived = contact("Ada", List.of(), false, Map.of(), Contact.ARCHIVED, 2);

    assertThat(ContactDiff.operation(null, active)).isEqualTo(HistoryOperation.CREATED);
    assertThat(ContactDiff.operation(active, archived)).isEqualTo(HistoryOperation.ARCHIVED);
    assertThat(ContactDiff.operation(archived, active)).isEqualTo(HistoryOperation.RESTORED);
    assertThat(ContactDiff.changes(active, archived)).containsExactly(new FieldChange("status", "ACTIVE", "ARCHIVED"));
  }

  @Test
  void erasureEntryCarriesNoFieldValues() {
    Contact active = contact("Ada", List.of("vip"), false, Map.of("stage", "new"), Contact.ACTIVE, 4);
    Contact tombstone = new Contact("c-1", "ws-1", null, null, null, null, null, null, null, null, null, null, List.of(),
        List.of(), false, Map.of(), "MANUAL", Contact.ERASED, T0, T0.plusSeconds(5), 5);

    HistoryEntry entry = HistoryEntry.of(active, tombstone, ChangeOrigin.api(new io.contactsplatform.support.auth.Workspace("ws-1", "k1", "dialer")));

    assertThat(entry.operation()).isEqualTo(HistoryOperation.ERASED);
    assertThat(entry.changes()).isEmpty();
    assertThat(entry.version()).isEqualTo(5);
    assertThat(entry.occurredAt()).isEqualTo(T0.plusSeconds(5));
  }
}
