package io.contactsplatform.importservice.importjob;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.importservice.customfield.CustomFieldDefinition;
import io.contactsplatform.support.customfield.CustomFieldType;
import io.contactsplatform.testsupport.CustomFieldSamples;
import io.contactsplatform.testsupport.CustomFieldSamples.Sample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContactNormalizerTest {

  private static final Map<String, CustomFieldDefinition> FIELDS = Map.of(
      "score", field("score", CustomFieldType.NUMBER, false),
      "vip", field("vip", CustomFieldType.BOOLEAN, false),
      "signup", field("signup", CustomFieldType.DATE, false),
      "plan", new CustomFieldDefinition("plan", "Plan", CustomFieldType.ENUM, false, List.of("Gold", "Silver"), null),
      "account_id", field("account_id", CustomFieldType.TEXT, true));

  @ParameterizedTest
  @CsvSource({
      "score, 42, 42", "score, 4.50, 4.5", "score, -7, -7",
      "vip, yes, true", "vip, NO, false", "vip, 1, true", "vip, false, false",
      "signup, 2024-02-29, 2024-02-29", "plan, gold, Gold", "plan, SILVER, Silver"})
  void shouldConvertCustomFieldsByType(String key, String text, String expected) {
    ContactNormalizer.Valid valid = valid(cf(key, text));

    assertThat(String.valueOf(valid.data().getCustomFields().get(key))).isEqualTo(expected);
    assertThat(valid.warnings()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"score, twelve", "vip, maybe", "signup, 29/02/2024", "signup, 2023-02-29", "plan, Bronze"})
  void shouldWarnAndDropInvalidOptionalCustomField(String key, String text) {
    ContactNormalizer.Valid valid = valid(cf(key, text));

    assertThat(valid.data().getCustomFields()).doesNotContainKey(key).containsKey("account_id");
    assertThat(valid.warnings()).singleElement().satisfies(w -> {
      assertThat(w.code()).isEqualTo("INVALID_FIELD_VALUE");
      assertThat(w.field()).isEqualTo("cf:" + key);
      assertThat(w.message()).contains(text);
    });
  }

  @Test
  void shouldConvertEverySampleAsTheSharedRuleDoes() {
    SoftAssertions softly = new SoftAssertions();
    for (Sample s : CustomFieldSamples.ALL) {
      CustomFieldType type = CustomFieldType.valueOf(s.type());
      Map<String, CustomFieldDefinition> fields = Map.of("f",
          new CustomFieldDefinition("f", "F", type, false, CustomFieldSamples.ALLOWED, null));
      ContactNormalizer.Valid valid = (ContactNormalizer.Valid) ContactNormalizer.normalize(
          fields("(415) 555-0132", null, Map.of("f", s.input())), "US", fields, null);
      Object sent = valid.data().getCustomFields().get("f");
      softly.assertThat(sent).as(s.toString())
          .isEqualTo(type.convert(s.input(), CustomFieldSamples.ALLOWED).value().orElse(null));
      softly.assertThat(sent == null ? null : CustomFieldType.text(sent)).as(s.toString()).isEqualTo(s.expected());
      softly.assertThat(valid.warnings()).as(s + " warnings").hasSize(s.refused() ? 1 : 0);
    }
    softly.assertAll();
  }

  @Test
  void shouldRejectRowWhenRequiredCustomFieldIsMissingOrInvalid() {
    Map<String, String> blank = new LinkedHashMap<>(Map.of("account_id", " "));
    ContactNormalizer.Result missing = ContactNormalizer.normalize(fields("(415) 555-0132", "a@b.co", blank), "US",
        FIELDS, null);

    assertThat(missing).isInstanceOfSatisfying(ContactNormalizer.Invalid.class, i -> {
      assertThat(i.code()).isEqualTo("INVALID_FIELD_VALUE");
      assertThat(i.errors().get(0).field()).isEqualTo("cf:account_id");
    });
  }

  @Test
  void shouldFillRequiredCustomFieldFromItsDefault() {
    Map<String, CustomFieldDefinition> withDefault = Map.of("account_id",
        new CustomFieldDefinition("account_id", null, CustomFieldType.TEXT, true, List.of(), "unassigned"));

    ContactNormalizer.Result result = ContactNormalizer.normalize(
        fields("(415) 555-0132", null, Map.of("account_id", "")), "US", withDefault, null);

    assertThat(((ContactNormalizer.Valid) result).data().getCustomFields()).containsEntry("account_id", "unassigned");
  }

  @ParameterizedTest
  @CsvSource({"ada@example.com, true", "grace.hopper+navy@mail.co.uk, true", "not-an-email, false",
      "ada@, false", "ada@example, false", "a b@example.com, false"})
  void shouldCheckEmailSyntaxAndDropInvalidOnesWithWarning(String email, boolean valid) {
    ContactNormalizer.Valid result = (ContactNormalizer.Valid) ContactNormalizer.normalize(
        fields("(415) 555-0132", email, Map.of()), "US", Map.of(), null);

    assertThat(result.data().getEmail()).isEqualTo(valid ? email : null);
    assertThat(result.warnings()).extracting(RowIssue::code).containsExactlyElementsOf(
        valid ? List.of() : List.of("INVALID_EMAIL"));
  }

  @Test
  void shouldKeepExtensionsInEitherSpelling() {
    assertThat(valid(fields("(415) 555-0132 x718", null, Map.of("account_id", "a"))).data().getPhoneExtension())
        .isEqualTo("718");
    assertThat(valid(fields("+1 212 555 0187 ext. 99", null, Map.of("account_id", "a"))).data().getPhoneExtension())
        .isEqualTo("99");
  }

  @Test
  void shouldPassCustomFieldTextThroughWithoutDefinitions() {
    ContactNormalizer.Valid result = (ContactNormalizer.Valid) ContactNormalizer.normalize(
        fields("(415) 555-0132", null, Map.of("plan", " gold ", "empty", "")), "US");

    assertThat(result.data().getCustomFields()).containsExactly(Map.entry("plan", "gold"));
  }

  private static ContactNormalizer.Valid valid(ContactFields fields) {
    ContactNormalizer.Result result = ContactNormalizer.normalize(fields, "US", FIELDS, null);
    assertThat(result).isInstanceOf(ContactNormalizer.Valid.class);
    return (ContactNormalizer.Valid) result;
  }

  private static ContactFields cf(String key, String text) {
    return fields("(415) 555-0132", null, Map.of(key, text, "account_id", "A-1"));
  }

  private static ContactFields fields(String phone, String email, Map<String, String> customFields) {
    return new ContactFields(phone, null, null, null, email, null, null, null, List.of(), customFields);
  }

  private static CustomFieldDefinition field(String key, CustomFieldType type, boolean required) {
    return new CustomFieldDefinition(key, key, type, required, List.of(), null);
  }
}
