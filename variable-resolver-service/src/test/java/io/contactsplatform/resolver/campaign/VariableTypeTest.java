package io.contactsplatform.resolver.campaign;

import io.contactsplatform.testsupport.CustomFieldSamples;
import io.contactsplatform.testsupport.CustomFieldSamples.Sample;
import java.util.Arrays;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** Typed agent variables convert by the shared custom field rule: the same table, the same answers. */
class VariableTypeTest {

  @Test
  void shouldNormaliseEverySampleAsTheSharedRuleDoes() {
    SoftAssertions softly = new SoftAssertions();
    for (Sample s : CustomFieldSamples.of(Arrays.stream(VariableType.values()).map(Enum::name).toList())) {
      softly.assertThat(VariableType.valueOf(s.type()).normalize(s.input()).orElse(null)).as(s.toString())
          .isEqualTo(s.expected());
    }
    softly.assertAll();
  }
}
