package io.contactsplatform.contactservice.customfield;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactsplatform.support.customfield.CustomFieldType;
import io.contactsplatform.testsupport.CustomFieldSamples;
import io.contactsplatform.testsupport.CustomFieldSamples.Sample;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** contact-service's write path converts custom field values by the shared rule (service-support). */
class CustomFieldTypeTest {

  @Test
  void shouldConvertEverySampleAsTheSharedRuleDoes() {
    SoftAssertions softly = new SoftAssertions();
    for (Sample s : CustomFieldSamples.ALL) {
      CustomFieldType type = CustomFieldType.valueOf(s.type());
      CustomFieldDefinition definition = new CustomFieldDefinition("f", "F", type, CustomFieldSamples.ALLOWED, false,
          null, "ops", null, null, null);
      Object shared = type.convert(s.input(), CustomFieldSamples.ALLOWED).value().orElse(null);
      Object stored;
      try {
        stored = CustomFieldValues.convert(definition, s.input());
      } catch (CustomFieldValues.Violation e) {
        stored = null;
      }
      softly.assertThat(stored).as(s.toString()).isEqualTo(shared);
      softly.assertThat(stored == null ? null : CustomFieldType.text(stored)).as(s.toString()).isEqualTo(s.expected());
    }
    softly.assertAll();
  }

  @Test
  void shouldNameTheFieldOfAnUnfitOrMissingValue() {
    CustomFieldDefinition score = new CustomFieldDefinition("score", "Score", CustomFieldType.NUMBER, List.of(), true,
        null, "ops", null, null, null);

    assertThat(CustomFieldValues.convertAll(Map.of("cf:score", "3"), Map.of("score", score)))
        .containsEntry("score", 3L);
    assertThatThrownBy(() -> CustomFieldValues.convertAll(Map.of("score", "x"), Map.of("score", score)))
        .hasMessage("cf:score: 'x' is not a number");
    assertThatThrownBy(() -> CustomFieldValues.convertAll(Map.of("score", "1e400"), Map.of("score", score)))
        .hasMessage("cf:score: '1e400' is not a number");
    assertThatThrownBy(() -> CustomFieldValues.forNewContact(Map.of(), Map.of("score", score)))
        .hasMessage("cf:score: required");
  }
}
