package io.contactsplatform.resolver.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.events.contact.change.ContactState;
import io.contactsplatform.events.contact.change.ContactStatus;
import io.contactsplatform.schemas.InvalidEventException;
import io.contactsplatform.support.phone.PhoneNumbers;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ContactReadModelTest {

  static final String ADA_PHONE = "+14155552671";
  static final String OTHER_PHONE = "+14155552672";
  static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

  ContactReadModel view = new ContactReadModel();

  @Test
  void shouldFindAnActiveContactByIdAndByNumberOnlyInItsWorkspace() {
    view.apply(change("ws", "c-1", 1, ADA_PHONE, ContactStatus.ACTIVE, T0)).block();

    assertThat(view.byIdNow("ws", "c-1").firstName()).isEqualTo("Ada");
    assertThat(view.byPhoneNow("ws", ADA_PHONE).contactId()).isEqualTo("c-1");
    assertThat(view.byIdNow("other", "c-1")).isNull();
    assertThat(view.byPhoneNow("other", ADA_PHONE)).isNull();
  }

  @Test
  void shouldIgnoreAnOlderOrEqualVersion() {
    view.apply(change("ws", "c-1", 2, ADA_PHONE, ContactStatus.ACTIVE, T0)).block();
    view.apply(change("ws", "c-1", 1, OTHER_PHONE, ContactStatus.ACTIVE, T0)).block();
    view.apply(change("ws", "c-1", 2, OTHER_PHONE, ContactStatus.ACTIVE, T0)).block();

    assertThat(view.byIdNow("ws", "c-1").phoneE164()).isEqualTo(ADA_PHONE);
    assertThat(view.byPhoneNow("ws", OTHER_PHONE)).isNull();
  }

  @Test
  void shouldMoveTheNumberWhenAContactIsRenumbered() {
    view.apply(change("ws", "c-1", 1, ADA_PHONE, ContactStatus.ACTIVE, T0)).block();
    view.apply(change("ws", "c-1", 2, OTHER_PHONE, ContactStatus.ACTIVE, T0.plusSeconds(1))).block();

    assertThat(view.byPhoneNow("ws", ADA_PHONE)).isNull();
    assertThat(view.byPhoneNow("ws", OTHER_PHONE).contactId()).isEqualTo("c-1");
  }

  @Test
  void shouldKeepOnlyATombstoneOfAnArchivedContactSoAnOlderVersionCannotResurrectIt() {
    view.apply(change("ws", "c-1", 1, ADA_PHONE, ContactStatus.ACTIVE, T0)).block();
    view.apply(change("ws", "c-1", 3, ADA_PHONE, ContactStatus.ARCHIVED, T0.plusSeconds(2))).block();
    view.apply(change("ws", "c-1", 2, ADA_PHONE, ContactStatus.ACTIVE, T0.plusSeconds(1))).block();

    assertThat(view.byIdNow("ws", "c-1")).isNull();
    assertThat(view.byPhoneNow("ws", ADA_PHONE)).isNull();
  }

  @Test
  void shouldNotHandANumberBackToItsFormerOwnerWhenChangesArriveOutOfOrder() {
    view.apply(change("ws", "c-new", 1, ADA_PHONE, ContactStatus.ACTIVE, T0.plusSeconds(10))).block();
    view.apply(change("ws", "c-old", 1, ADA_PHONE, ContactStatus.ACTIVE, T0)).block();

    assertThat(view.byPhoneNow("ws", ADA_PHONE).contactId()).isEqualTo("c-new");
  }

  @Test
  void shouldRejectAChangeNamingAContactOfAnotherWorkspace() {
    view.apply(change("ws", "c-1", 1, ADA_PHONE, ContactStatus.ACTIVE, T0)).block();

    assertThatThrownBy(() -> view.apply(change("other", "c-1", 2, ADA_PHONE, ContactStatus.ACTIVE, T0)).block())
        .isInstanceOf(InvalidEventException.class);
    assertThat(view.byIdNow("ws", "c-1").version()).isEqualTo(1);
  }

  @Test
  void shouldKnowTheParsedFormOfAProjectedNumberExactlyAsLibphonenumberGivesIt() {
    String hawaii = "+18085550199";
    String nevada = "+17025550123";
    String tollFree = "+18005550123"; // not geographic: every zone of the country
    view.apply(change("ws", "c-1", 1, ADA_PHONE, ContactStatus.ACTIVE, T0)).block();
    view.apply(change("ws", "c-2", 1, hawaii, ContactStatus.ACTIVE, T0)).block();
    view.apply(change("ws", "c-3", 1, nevada, ContactStatus.ACTIVE, T0)).block();
    view.apply(change("ws", "c-4", 1, tollFree, ContactStatus.ACTIVE, T0)).block();

    for (String phone : List.of(ADA_PHONE, hawaii, nevada, tollFree)) {
      assertThat(view.knownPhone("ws", phone)).isEqualTo(PhoneNumbers.parse(phone, null).orElseThrow());
    }
    assertThat(view.knownPhone("ws", tollFree).timezones()).hasSizeGreaterThan(1);
  }

  @Test
  void shouldNotKnowANumberOfAnotherWorkspaceInAnotherFormatOrNoLongerHeld() {
    view.apply(change("ws", "c-1", 1, ADA_PHONE, ContactStatus.ACTIVE, T0)).block();
    view.apply(change("ws", "c-2", 1, OTHER_PHONE, ContactStatus.ACTIVE, T0)).block();
    view.apply(change("ws", "c-2", 2, OTHER_PHONE, ContactStatus.ARCHIVED, T0.plusSeconds(1))).block();
    view.apply(change("ws", "c-1", 2, "+14155552673", ContactStatus.ACTIVE, T0.plusSeconds(1))).block();

    assertThat(view.knownPhone("other", "+14155552673")).isNull();
    assertThat(view.knownPhone("ws", "+1 415-555-2673")).isNull();
    assertThat(view.knownPhone("ws", ADA_PHONE)).isNull();
    assertThat(view.knownPhone("ws", OTHER_PHONE)).isNull();
    assertThat(view.knownPhone(null, "+14155552673")).isNull();
    assertThat(view.knownPhone("ws", null)).isNull();
    assertThat(view.knownPhone("ws", "+14155552673").e164()).isEqualTo("+14155552673");
  }

  @Test
  void shouldRejectANumberThatIsNotE164() {
    assertThatThrownBy(() -> view.apply(change("ws", "c-1", 1, "4155552671", ContactStatus.ACTIVE, T0)).block())
        .isInstanceOf(InvalidEventException.class);
    assertThat(view.size()).isZero();
  }

  static ContactChange change(String ws, String id, long version, String phone, ContactStatus status, Instant updated) {
    ContactState state = ContactState.newBuilder().setPhoneE164(phone).setFirstName("Ada").setLastName("Lovelace")
        .setTags(List.of("vip")).setCustomFields(Map.of("plan", "gold")).setStatus(status)
        .setCreatedAt(T0).setUpdatedAt(updated).build();
    return ContactChange.newBuilder().setEventId(UUID.randomUUID()).setWorkspaceId(ws).setOccurredAt(updated)
        .setSource("test").setContactId(id).setVersion(version).setDeleted(false).setContact(state).build();
  }
}
