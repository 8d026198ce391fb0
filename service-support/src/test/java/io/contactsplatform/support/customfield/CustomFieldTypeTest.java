package io.contactsplatform.support.customfield;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.testsupport.CustomFieldSamples;
import io.contactsplatform.testsupport.CustomFieldSamples.Sample;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** The one custom field conversion rule against the shared table of samples. */
class CustomFieldTypeTest {

  @Test
  void convertsEverySampleOfTheTable() {
    SoftAssertions softly = new SoftAssertions();
    for (Sample s : CustomFieldSamples.ALL) {
      FieldConversion c = CustomFieldType.valueOf(s.type()).convert(s.input(), CustomFieldSamples.ALLOWED);
      softly.assertThat(c.value().map(CustomFieldType::text).orElse(null)).as(s.toString()).isEqualTo(s.expected());
      softly.assertThat(c instanceof FieldConversion.Failed).as(s + " failed").isEqualTo(s.refused());
    }
    softly.assertAll();
  }

  @Test
  void keepsTypedValues() {
    assertThat(CustomFieldType.NUMBER.convert("42", List.of()).value()).contains(42L);
    assertThat(CustomFieldType.NUMBER.convert(7, List.of()).value()).contains(7L);
    assertThat(CustomFieldType.NUMBER.convert("-2.5", List.of()).value()).contains(-2.5);
    assertThat(CustomFieldType.NUMBER.convert(1e20, List.of()).value()).contains(1e20);
    assertThat(CustomFieldType.NUMBER.convert(Double.POSITIVE_INFINITY, List.of()).value()).isEmpty();
    assertThat(CustomFieldType.NUMBER.convert(true, List.of()).value()).isEmpty();
    assertThat(CustomFieldType.BOOLEAN.convert(false, List.of()).value()).contains(false);
    assertThat(CustomFieldType.BOOLEAN.convert(1, List.of()).value()).contains(true);
    assertThat(CustomFieldType.TEXT.convert(12L, List.of()).value()).contains("12");
    assertThat(CustomFieldType.TEXT.convert(List.of("a"), List.of()).value()).isEmpty();
    assertThat(CustomFieldType.TEXT.convert(Map.of("a", 1), List.of()).value()).isEmpty();
    assertThat(CustomFieldType.TEXT.convert(null, List.of()).value()).isEmpty();
  }

  @Test
  void saysWhyAValueDoesNotFit() {
    assertThat(CustomFieldType.NUMBER.convert(" x ", List.of())).isEqualTo(new FieldConversion.Failed("'x' is not a number"));
    assertThat(CustomFieldType.BOOLEAN.convert("y", List.of()))
        .isEqualTo(new FieldConversion.Failed("'y' is not true/false, yes/no or 1/0"));
    assertThat(CustomFieldType.DATE.convert("04/11/2026", List.of()))
        .isEqualTo(new FieldConversion.Failed("'04/11/2026' is not an ISO-8601 date (yyyy-MM-dd)"));
    assertThat(CustomFieldType.ENUM.convert("platinum", List.of("gold")))
        .isEqualTo(new FieldConversion.Failed("'platinum' is not one of [gold]"));
  }

  @Test
  void writesCanonicalText() {
    assertThat(CustomFieldType.text(1000L)).isEqualTo("1000");
    assertThat(CustomFieldType.text(3.5)).isEqualTo("3.5");
    assertThat(CustomFieldType.text(1e20)).isEqualTo("100000000000000000000");
    assertThat(CustomFieldType.text(0.0)).isEqualTo("0");
    assertThat(CustomFieldType.text(Boolean.TRUE)).isEqualTo("true");
    assertThat(CustomFieldType.text("2026-11-04")).isEqualTo("2026-11-04");
  }
}
