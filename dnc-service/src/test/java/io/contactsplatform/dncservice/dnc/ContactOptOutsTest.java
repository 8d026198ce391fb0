package io.contactsplatform.dncservice.dnc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactsplatform.dncservice.dnc.ContactOptOuts.Plan;
import io.contactsplatform.dncservice.dnc.ContactOptOuts.Seen;
import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.events.contact.change.ContactState;
import io.contactsplatform.events.contact.change.ContactStatus;
import io.contactsplatform.schemas.InvalidEventException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a contact change means for the contact's CONTACT_OPT_OUT entries. */
class ContactOptOutsTest {

  static final String P1 = "+14155550132";
  static final String P2 = "+14155550199";

  static ContactChange change(long version, String phone, boolean doNotCall) {
    Instant now = Instant.parse("2026-11-20T10:00:00Z");
    return ContactChange.newBuilder()
        .setEventId(UUID.randomUUID()).setWorkspaceId("ws").setOccurredAt(now).setSource("contact-service")
        .setContactId("c1").setVersion(version).setDeleted(false)
        .setContact(ContactState.newBuilder().setPhoneE164(phone).setDoNotCall(doNotCall)
            .setCreatedAt(now).setUpdatedAt(now).build())
        .build();
  }

  static ContactChange deleted(long version) {
    return ContactChange.newBuilder(change(version, P1, false)).setDeleted(true).setContact(null).build();
  }

  @Test
  void shouldBlockNumberWhenContactIsMarkedDoNotCall() {
    Plan plan = ContactOptOuts.plan(null, change(1, P1, true));

    assertThat(plan.skip()).isFalse();
    assertThat(plan.ensure()).isEqualTo(P1);
    assertThat(plan.clear()).isEmpty();
    assertThat(plan.next()).isEqualTo(new Seen(1, P1, true));
  }

  @Test
  void shouldClearOptOutWhenFlagIsCleared() {
    Plan plan = ContactOptOuts.plan(new Seen(1, P1, true), change(2, P1, false));

    assertThat(plan.ensure()).isNull();
    assertThat(plan.clear()).containsExactly(P1);
    assertThat(plan.next()).isEqualTo(new Seen(2, P1, false));
  }

  @Test
  void shouldMoveOptOutWhenOptedOutContactChangesNumber() {
    Plan plan = ContactOptOuts.plan(new Seen(3, P1, true), change(4, P2, true));

    assertThat(plan.clear()).containsExactly(P1);
    assertThat(plan.ensure()).isEqualTo(P2);
  }

  @Test
  void shouldClearPreviousNumberWhenOptedOutContactIsDeleted() {
    Plan plan = ContactOptOuts.plan(new Seen(3, P1, true), deleted(4));

    assertThat(plan.clear()).containsExactly(P1);
    assertThat(plan.ensure()).isNull();
    assertThat(plan.next()).isEqualTo(new Seen(4, P1, false));
  }

  @Test
  void shouldClearOptOutWhenContactIsErased() {
    ContactChange erased = change(5, P1, true);
    erased.getContact().setStatus(ContactStatus.ERASED);

    Plan plan = ContactOptOuts.plan(new Seen(4, P1, true), erased);

    assertThat(plan.clear()).containsExactly(P1);
    assertThat(plan.ensure()).isNull();
  }

  @Test
  void shouldSkipVersionsNotNewerThanLastSeen() {
    assertThat(ContactOptOuts.plan(new Seen(2, P1, false), change(2, P1, true)).skip()).isTrue();
    assertThat(ContactOptOuts.plan(new Seen(2, P1, false), change(1, P1, true)).skip()).isTrue();
  }

  @Test
  void shouldDoNothingForContactKnownNotToHaveOptedOut() {
    Plan plan = ContactOptOuts.plan(new Seen(1, P1, false), change(2, P1, false));

    assertThat(plan.clear()).isEmpty();
    assertThat(plan.ensure()).isNull();
  }

  @Test
  void shouldRejectChangeWithInvalidNumberOrMissingContact() {
    assertThatThrownBy(() -> ContactOptOuts.plan(null, change(1, "4155550132", true)))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("phoneE164")
        .hasMessageNotContaining("4155550132");
    ContactChange noContact = ContactChange.newBuilder(change(1, P1, true)).setContact(null).build();
    assertThatThrownBy(() -> ContactOptOuts.plan(null, noContact))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("contact is null");
  }
}
