package io.contactsplatform.resolver.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.events.contact.change.ContactState;
import io.contactsplatform.events.contact.change.ContactStatus;
import io.contactsplatform.schemas.InvalidEventException;
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
