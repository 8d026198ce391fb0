package io.contactsplatform.support.contact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContactLimitsTest {

  @Test
  void shouldNameTheFieldAndTheLimitOfAValueOverIt() {
    assertThat(ContactLimits.contactText("firstName", "a".repeat(101)))
        .isEqualTo("firstName: at most 100 characters (got 101)");
    assertThat(ContactLimits.contactText("email", "a".repeat(255))).startsWith("email: at most 254 characters");
    assertThat(ContactLimits.tooLong("segment name", "n".repeat(5000), ContactLimits.SEGMENT_NAME))
        .isEqualTo("segment name: at most 100 characters (got 5000)");
  }

  @Test
  void shouldAcceptValuesUpToTheLimitCountingCodePoints() {
    assertThat(ContactLimits.contactText("firstName", "a".repeat(100))).isNull();
    assertThat(ContactLimits.contactText("firstName", "😀".repeat(100))).as("200 UTF-16 units, 100 characters").isNull();
    assertThat(ContactLimits.contactText("firstName", null)).isNull();
    assertThat(ContactLimits.contactText("status", "x".repeat(10_000))).as("no limit here").isNull();
  }

  @Test
  void shouldLimitTagsPerContactAndPerTag() {
    assertThat(ContactLimits.tags("tags", Collections.nCopies(50, "vip"))).isNull();
    assertThat(ContactLimits.tags("tags", Collections.nCopies(51, "vip")))
        .isEqualTo("tags: at most 50 tags per contact (got 51)");
    assertThat(ContactLimits.tags("tags", List.of("ok", "t".repeat(65))))
        .isEqualTo("tags: a tag has at most 64 characters (got 65)");
    assertThat(ContactLimits.tags("tags", null)).isNull();
  }
}
