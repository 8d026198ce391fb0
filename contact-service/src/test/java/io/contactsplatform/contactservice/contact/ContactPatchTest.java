package io.contactsplatform.contactservice.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactsplatform.support.web.ApiException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContactPatchTest {

  private static final Instant T = Instant.parse("2026-11-26T10:00:00Z");

  private static Contact contact(String zone, String zoneSource) {
    return new Contact("c1", "ws", "+14155550132", null, null, "Ada", "Lovelace", "ada@example.com", "Engines", "US",
        zone, zoneSource, zone == null ? List.of() : List.of(zone), List.of("vip"), false, Map.of(), "MANUAL",
        Contact.ACTIVE, T, T, 1);
  }

  @Test
  void shouldSetGivenFieldsClearNullsAndLeaveTheRest() {
    Map<String, Object> body = new HashMap<>();
    body.put("company", null);
    body.put("tags", null);
    body.put("lastName", " Byron ");

    Contact patched = ContactPatch.of(body, Map.of(), ContactPatch.ALL_FIELDS).applyTo(contact(null, "UNKNOWN"));

    assertThat(patched.company()).isNull();
    assertThat(patched.tags()).isEmpty();
    assertThat(patched.lastName()).isEqualTo("Byron");
    assertThat(patched.firstName()).isEqualTo("Ada");
    assertThat(patched.version()).isEqualTo(1);
  }

  @Test
  void shouldReinferAnInferredTimezoneFromANewNumberButKeepAProvidedOne() {
    ContactPatch toNewYork = ContactPatch.of(Map.of("phone", "(212) 555-0187"), Map.of(), ContactPatch.ALL_FIELDS);

    Contact inferred = toNewYork.applyTo(contact("America/Los_Angeles", "INFERRED_FROM_PHONE"));
    Contact provided = toNewYork.applyTo(contact("Europe/London", "PROVIDED"));

    assertThat(inferred.phoneE164()).isEqualTo("+12125550187");
    assertThat(inferred.timezone()).isEqualTo("America/New_York");
    assertThat(provided.timezone()).isEqualTo("Europe/London");
  }

  @Test
  void shouldRefuseUnknownReadOnlyAndInvalidMembersNamingThem() {
    assertThatThrownBy(() -> ContactPatch.of(Map.of("shoeSize", 9), Map.of(), ContactPatch.ALL_FIELDS))
        .isInstanceOf(ApiException.class).hasMessageContaining("shoeSize");
    assertThatThrownBy(() -> ContactPatch.of(Map.of("createdAt", "x"), Map.of(), ContactPatch.ALL_FIELDS))
        .isInstanceOf(ApiException.class).hasMessageContaining("createdAt");
    assertThatThrownBy(() -> ContactPatch.of(Map.of("phone", "1"), Map.of(), ContactPatch.BULK_FIELDS))
        .isInstanceOf(ApiException.class).hasMessageContaining("phone");
    assertThatThrownBy(() -> ContactPatch.of(Map.of("status", "ERASED"), Map.of(), ContactPatch.ALL_FIELDS))
        .isInstanceOf(ApiException.class).hasMessageContaining("status");
    assertThatThrownBy(() -> ContactPatch.of(Map.of("cf:plan", "x"), Map.of(), ContactPatch.ALL_FIELDS))
        .isInstanceOf(ApiException.class).hasMessageContaining("cf:plan");
  }
}
