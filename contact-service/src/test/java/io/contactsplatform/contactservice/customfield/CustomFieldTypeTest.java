package io.contactsplatform.contactservice.customfield;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CustomFieldTypeTest {

  @Test
  void shouldConvertNumbersToLongWhenIntegralElseDouble() {
    assertThat(CustomFieldType.NUMBER.convert("42", List.of())).contains(42L);
    assertThat(CustomFieldType.NUMBER.convert(" 42.0 ", List.of())).contains(42L);
    assertThat(CustomFieldType.NUMBER.convert(7, List.of())).contains(7L);
    assertThat(CustomFieldType.NUMBER.convert("-2.5", List.of())).contains(-2.5);
    assertThat(CustomFieldType.NUMBER.convert("12 apples", List.of())).isEmpty();
    assertThat(CustomFieldType.NUMBER.convert(true, List.of())).isEmpty();
  }

  @Test
  void shouldConvertBooleansDatesEnumsAndText() {
    assertThat(CustomFieldType.BOOLEAN.convert("Yes", List.of())).contains(true);
    assertThat(CustomFieldType.BOOLEAN.convert("0", List.of())).contains(false);
    assertThat(CustomFieldType.BOOLEAN.convert("maybe", List.of())).isEmpty();
    assertThat(CustomFieldType.DATE.convert("2027-02-28", List.of())).contains("2027-02-28");
    assertThat(CustomFieldType.DATE.convert("2027-02-30", List.of())).isEmpty();
    assertThat(CustomFieldType.ENUM.convert("GOLD", List.of("gold", "silver"))).contains("gold");
    assertThat(CustomFieldType.ENUM.convert("platinum", List.of("gold"))).isEmpty();
    assertThat(CustomFieldType.TEXT.convert(12L, List.of())).contains("12");
    assertThat(CustomFieldType.TEXT.convert(List.of("a"), List.of())).isEqualTo(Optional.empty());
  }

  @Test
  void shouldNameTheFieldOfAnUnfitOrMissingValue() {
    CustomFieldDefinition score = new CustomFieldDefinition("score", "Score", CustomFieldType.NUMBER, List.of(), true,
        null, "ops", null, null, null);

    assertThat(CustomFieldValues.convertAll(java.util.Map.of("cf:score", "3"), java.util.Map.of("score", score)))
        .containsEntry("score", 3L);
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
            CustomFieldValues.convertAll(java.util.Map.of("score", "x"), java.util.Map.of("score", score)))
        .hasMessage("cf:score: 'x' is not a number");
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
            CustomFieldValues.forNewContact(java.util.Map.of(), java.util.Map.of("score", score)))
        .hasMessage("cf:score: required");
  }
}
