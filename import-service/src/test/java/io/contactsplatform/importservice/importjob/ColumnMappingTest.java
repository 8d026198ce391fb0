package io.contactsplatform.importservice.importjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactsplatform.importservice.customfield.CustomFieldDefinition;
import io.contactsplatform.support.customfield.CustomFieldType;
import io.contactsplatform.support.web.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ColumnMappingTest {

  @ParameterizedTest
  @CsvSource(delimiter = '=', value = {
      "Phone=phone", "Mobile Number=phone", "phone_number=phone", "Tel=phone", "TELEPHONE=phone", "cell=phone",
      "Phone 1=phone", "mobile-number=phone",
      "First Name=first_name", "firstname=first_name", "Given name=first_name",
      "Last Name=last_name", "Surname=last_name", "family_name=last_name",
      "E-mail=email", "Email Address=email",
      "Company=company", "Organisation=company", "organization=company", "Account=company",
      "Country=country", "Time Zone=timezone", "tz=timezone", "TimeZone=timezone", "Tags=tags",
      "ID=external_id", "External Id=external_id", "crm_id=external_id", "Customer Id=external_id",
      "Phone 2=skip", "City=skip", "Subscription Date=skip", "Index=skip"})
  void shouldSuggestTargetIgnoringCaseSpacesUnderscoresAndDashes(String header, String target) {
    assertThat(ColumnMapping.suggestFor(header).id()).isEqualTo(target);
  }

  @Test
  void shouldSuggestMappingForWholeHeaderAndSkipUnknownColumns() {
    ColumnMapping mapping = ColumnMapping.suggest(List.of("Mobile Number", "Given name", "Plan"));

    assertThat(mapping.asMap()).containsExactly(Map.entry("Mobile Number", "phone"),
        Map.entry("Given name", "first_name"), Map.entry("Plan", "skip"));
  }

  @Test
  void shouldRejectSuggestionWithoutPhoneColumnNamingTheColumns() {
    assertThatThrownBy(() -> ColumnMapping.suggest(List.of("name", "company")))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.getStatusCode().value()).isEqualTo(422);
          assertThat(e.getBody().getDetail()).contains("no column maps to phone").contains("'name'", "'company'");
          assertThat(e.getBody().getProperties()).containsEntry("columns", List.of("name", "company"));
        });
  }

  @Test
  void shouldRejectSuggestionMappingTwoColumnsToPhone() {
    assertThatThrownBy(() -> ColumnMapping.suggest(List.of("Phone", "Mobile", "Name")))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.getBody().getDetail()).contains("'Phone', 'Mobile' all map to phone")
              .contains("explicit mapping");
          assertThat(e.getBody().getProperties()).containsEntry("columns", List.of("Phone", "Mobile"));
        });
  }

  @Test
  void shouldApplyExplicitMappingAndSkipColumnsItDoesNotName() {
    ColumnMapping mapping = ColumnMapping.of(List.of("Index", "Phone 1", "First Name", "Phone 2"),
        Map.of("Phone 1", "phone", "First Name", "first_name"), Map.of());

    assertThat(mapping.targetOf(0).kind()).isEqualTo(MappingTarget.SKIP);
    assertThat(mapping.targetOf(1).kind()).isEqualTo(MappingTarget.PHONE);
    assertThat(mapping.targetOf(2).kind()).isEqualTo(MappingTarget.FIRST_NAME);
    assertThat(mapping.targetOf(3).kind()).isEqualTo(MappingTarget.SKIP);
  }

  @Test
  void shouldAllowSeveralTagsAndSkipColumns() {
    ColumnMapping mapping = ColumnMapping.of(List.of("phone", "t1", "t2", "x", "y"),
        Map.of("phone", "phone", "t1", "tags", "t2", "tags", "x", "skip", "y", "skip"), Map.of());

    assertThat(mapping.targetOf(1).kind()).isEqualTo(MappingTarget.TAGS);
    assertThat(mapping.targetOf(2).kind()).isEqualTo(MappingTarget.TAGS);
  }

  @Test
  void shouldRejectTwoColumnsMappedToSameTarget() {
    Map<String, String> requested = new LinkedHashMap<>();
    requested.put("a", "phone");
    requested.put("b", "first_name");
    requested.put("c", "first_name");

    assertThatThrownBy(() -> ColumnMapping.of(List.of("a", "b", "c"), requested))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.getBody().getDetail()).startsWith("mapping: ").contains("'b', 'c' all map to first_name");
          assertThat(e.getBody().getProperties()).containsEntry("columns", List.of("b", "c"));
        });
  }

  @Test
  void shouldRejectMappingThatNamesColumnNotInHeader() {
    assertThatThrownBy(() -> ColumnMapping.of(List.of("phone", "name"), Map.of("phone", "phone", "Nope", "company")))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.getBody().getDetail()).contains("column 'Nope' is not in the file's header");
          assertThat(e.getBody().getProperties()).containsEntry("columns", List.of("Nope"));
        });
  }

  @Test
  void shouldRejectMappingWithoutPhone() {
    assertThatThrownBy(() -> ColumnMapping.of(List.of("phone", "name"), Map.of("name", "first_name")))
        .isInstanceOfSatisfying(ApiException.class,
            e -> assertThat(e.getBody().getDetail()).contains("no column maps to phone"));
  }

  private static final Map<String, CustomFieldDefinition> FIELDS = Map.of(
      "plan", new CustomFieldDefinition("plan", "Plan", CustomFieldType.ENUM, false, List.of("gold", "silver"), null),
      "signup_date", new CustomFieldDefinition("signup_date", "Signed up", CustomFieldType.DATE, true, List.of(), null));

  @Test
  void shouldRejectUnknownCustomFieldNamingColumnAndKnownKeys() {
    assertThatThrownBy(() -> ColumnMapping.of(List.of("phone", "tier"), Map.of("phone", "phone", "tier", "cf:tier"),
        FIELDS))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.getStatusCode().value()).isEqualTo(422);
          assertThat(e.getBody().getDetail()).contains("column 'tier' → cf:tier: no custom field 'tier'")
              .contains("plan").contains("signup_date");
          assertThat(e.getBody().getProperties()).containsEntry("columns", List.of("tier"));
        });
  }

  @Test
  void shouldMapKnownCustomFieldAndRejectTwoColumnsOnIt() {
    ColumnMapping mapping = ColumnMapping.of(List.of("phone", "Plan"), Map.of("phone", "phone", "Plan", "cf:plan"),
        FIELDS);

    assertThat(mapping.targetOf(1)).isEqualTo(new ColumnTarget(MappingTarget.CUSTOM_FIELD, "plan"));
    assertThat(mapping.asMap()).containsEntry("Plan", "cf:plan");
    assertThatThrownBy(() -> ColumnMapping.of(List.of("phone", "a", "b"),
        Map.of("phone", "phone", "a", "cf:plan", "b", "cf:plan"), FIELDS))
        .isInstanceOfSatisfying(ApiException.class,
            e -> assertThat(e.getBody().getDetail()).contains("'a', 'b' all map to cf:plan"));
  }

  @Test
  void shouldSuggestCustomFieldsByKeyOrLabelAfterStandardSynonyms() {
    ColumnMapping mapping = ColumnMapping.suggest(List.of("Phone", "PLAN", "Signed Up", "Email"), FIELDS);

    assertThat(mapping.asMap()).containsExactly(Map.entry("Phone", "phone"), Map.entry("PLAN", "cf:plan"),
        Map.entry("Signed Up", "cf:signup_date"), Map.entry("Email", "email"));
  }

  @Test
  void shouldRejectUnknownTarget() {
    assertThatThrownBy(() -> ColumnMapping.of(List.of("phone", "x"), Map.of("phone", "phone", "x", "nickname")))
        .isInstanceOfSatisfying(ApiException.class,
            e -> assertThat(e.getBody().getDetail()).contains("column 'x' has unknown target 'nickname'"));
  }

  @Test
  void shouldRejectMappingOfHeaderThatAppearsTwice() {
    assertThatThrownBy(() -> ColumnMapping.of(List.of("phone", "name", "name"), Map.of("phone", "phone", "name", "company")))
        .isInstanceOfSatisfying(ApiException.class,
            e -> assertThat(e.getBody().getDetail()).contains("column 'name' appears 2 times"));
  }
}
