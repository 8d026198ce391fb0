package io.contactsplatform.resolver.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactsplatform.support.web.ApiException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class CampaignConfigRulesTest {

  static final Instant NOW = Instant.parse("2026-11-04T16:00:00Z");

  @Test
  void shouldParseEveryBindingForm() {
    assertThat(Binding.parse("contact.first_name")).isEqualTo(new Binding(Binding.Kind.CONTACT, "first_name"));
    assertThat(Binding.parse("cf.plan")).isEqualTo(new Binding(Binding.Kind.CUSTOM_FIELD, "plan"));
    assertThat(Binding.parse("cf:plan").toString()).isEqualTo("cf.plan");
    assertThat(Binding.parse("row.Plan Name")).isEqualTo(new Binding(Binding.Kind.ROW, "Plan Name"));
    assertThat(Binding.parse("audience.Plan").toString()).as("older form").isEqualTo("row.Plan");
    assertThat(Binding.staticValue("20% off").toString()).isEqualTo("static");
    assertThat(Binding.parse(null)).isNull();
  }

  @Test
  void shouldRejectUnknownBindingForms() {
    for (String bad : List.of("contact.nickname", "cf.Plan", "row.", "crm.owner", "", "first_name", "static")) {
      assertThatThrownBy(() -> Binding.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void shouldBuildConfigFromRequest() {
    CampaignConfig config = CampaignConfigRules.toConfig("ws", "spring-sale", new CampaignConfigRequest(true,
        Map.of("offer", "20% off", "discount", 20),
        List.of(variable("first_name", null, "contact.first_name", null, true, null),
            variable("plan", "text", "row.Plan", null, false, "basic"),
            variable("seats", "NUMBER", "cf.seats", null, false, 1.50),
            variable("greeting", null, "static", "Hello", false, null)),
        new CampaignConfigRequest.Window(List.of("mon", "TUE", "Friday"), "09:00", "24:00"),
        "America/Chicago", "use_default"), NOW, CampaignConfigRules.CONFIG);

    assertThat(config.allowUnknownContacts()).isTrue();
    assertThat(config.staticVariables()).containsEntry("offer", "20% off").containsEntry("discount", "20");
    assertThat(config.variables()).containsExactly(
        new VariableDefinition("first_name", VariableType.TEXT, new Binding(Binding.Kind.CONTACT, "first_name"), true, null),
        new VariableDefinition("plan", VariableType.TEXT, new Binding(Binding.Kind.ROW, "Plan"), false, "basic"),
        new VariableDefinition("seats", VariableType.NUMBER, new Binding(Binding.Kind.CUSTOM_FIELD, "seats"), false, "1.5"),
        new VariableDefinition("greeting", VariableType.TEXT, Binding.staticValue("Hello"), false, null));
    assertThat(config.callingWindow()).isEqualTo(new CallingWindow(LocalTime.of(9, 0), LocalTime.MAX,
        EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.FRIDAY)));
    assertThat(config.callingWindow().describe()).isEqualTo("09:00-24:00 MON,TUE,FRI");
    assertThat(config.fallbackTimezone()).isEqualTo(ZoneId.of("America/Chicago"));
    assertThat(config.missingRequired()).isEqualTo(MissingRequiredPolicy.USE_DEFAULT);
    assertThat(config.customFieldKeys()).containsExactly("seats");
  }

  @Test
  void shouldDefaultToEightToNineEveryDayAndBlockingOnConfigEndpoint() {
    CampaignConfig config = CampaignConfigRules.toConfig("ws", "c", empty(), NOW, CampaignConfigRules.CONFIG);
    assertThat(config.callingWindow().describe()).isEqualTo("08:00-21:00 MON,TUE,WED,THU,FRI,SAT,SUN");
    assertThat(config.missingRequired()).isEqualTo(MissingRequiredPolicy.BLOCK);
    assertThat(config.fallbackTimezone()).isNull();

    CampaignConfig partial = CampaignConfigRules.toConfig("ws", "c", new CampaignConfigRequest(null, null, null,
        new CampaignConfigRequest.Window(List.of("SAT"), null, "12:00"), null, null), NOW, CampaignConfigRules.CONFIG);
    assertThat(partial.callingWindow().describe()).isEqualTo("08:00-12:00 SAT");
  }

  @Test
  void shouldKeepOlderVariablesEndpointWithoutWindowAndWithDefaults() {
    CampaignConfig config = CampaignConfigRules.toConfig("ws", "c", empty(), NOW, CampaignConfigRules.LEGACY_VARIABLES);
    assertThat(config.callingWindow()).isNull();
    assertThat(config.missingRequired()).isEqualTo(MissingRequiredPolicy.USE_DEFAULT);
  }

  @Test
  void shouldNameTheVariableWhenItsBindingIsUnknown() {
    assertUnprocessable(request(variable("greeting", "crm.owner")), "variables[greeting].binding");
  }

  @Test
  void shouldRejectUnknownType() {
    assertUnprocessable(request(variable("seats", "INTEGER", null, null, false, null)), "variables[seats].type");
  }

  @Test
  void shouldRejectDefaultsAndStaticValuesThatDoNotFitTheType() {
    assertUnprocessable(request(variable("seats", "NUMBER", null, null, false, "many")), "variables[seats].default");
    assertUnprocessable(request(variable("vip", "BOOLEAN", "static", "perhaps", false, null)), "variables[vip].value");
    assertUnprocessable(request(variable("since", "DATE", null, null, false, "yesterday")), "variables[since].default");
  }

  @Test
  void shouldRejectStaticBindingWithoutValueOrValueWithoutStaticBinding() {
    assertUnprocessable(request(variable("offer", null, "static", null, false, null)), "variables[offer].value");
    assertUnprocessable(request(variable("offer", null, "contact.company", "x", false, null)), "variables[offer].value");
  }

  @Test
  void shouldRejectStaticBindingThatAlsoHasAStaticVariable() {
    assertUnprocessable(new CampaignConfigRequest(null, Map.of("offer", "a"),
        List.of(variable("offer", null, "static", "b", false, null)), null, null, null), "variables[offer].binding");
  }

  @Test
  void shouldRejectNamesThatAreNotSnakeCase() {
    assertUnprocessable(request(variable("First Name", null)), "variables[0].name");
    Map<String, Object> statics = new LinkedHashMap<>();
    statics.put("Offer", "x");
    assertUnprocessable(new CampaignConfigRequest(null, statics, null, null, null, null), "staticVariables.Offer");
  }

  @Test
  void shouldRejectDuplicateVariableNames() {
    assertUnprocessable(request(variable("plan", null), variable("plan", "cf.plan")), "variables[1].name");
  }

  @Test
  void shouldRejectBadCallingWindowsTimezonesAndPolicies() {
    assertUnprocessable(window(new CampaignConfigRequest.Window(null, "9am", "20:00")), "callingWindow.start");
    assertUnprocessable(window(new CampaignConfigRequest.Window(null, "20:00", "09:00")), "callingWindow");
    assertUnprocessable(window(new CampaignConfigRequest.Window(List.of("MON", "XYZ"), "09:00", "20:00")),
        "callingWindow.days");
    assertUnprocessable(new CampaignConfigRequest(null, null, null, null, "Mars/Olympus_Mons", null), "fallbackTimezone");
    assertUnprocessable(new CampaignConfigRequest(null, null, null, null, null, "SKIP"), "missingRequired");
  }

  @Test
  void shouldRejectNestedValues() {
    assertUnprocessable(new CampaignConfigRequest(null, Map.of("offer", Map.of("a", "b")), null, null, null, null),
        "staticVariables.offer");
  }

  @Test
  void shouldRejectCampaignIdsThatCannotBeKeys() {
    assertThatThrownBy(() -> CampaignConfigRules.checkCampaignId("a|b")).isInstanceOf(ApiException.class);
    CampaignConfigRules.checkCampaignId("spring-sale_2026.v1");
  }

  @Test
  void shouldNormaliseValuesByType() {
    assertThat(VariableType.NUMBER.normalize(" 3.50 ")).contains("3.5");
    assertThat(VariableType.NUMBER.normalize("0.000")).contains("0");
    assertThat(VariableType.NUMBER.normalize("1e3")).contains("1000");
    assertThat(VariableType.NUMBER.normalize("3 seats")).isEmpty();
    assertThat(VariableType.BOOLEAN.normalize("Yes")).contains("true");
    assertThat(VariableType.BOOLEAN.normalize("0")).contains("false");
    assertThat(VariableType.BOOLEAN.normalize("maybe")).isEmpty();
    assertThat(VariableType.DATE.normalize("2026-11-04")).contains("2026-11-04");
    assertThat(VariableType.DATE.normalize("2026-11-04T23:30:00-05:00")).contains("2026-11-04");
    assertThat(VariableType.DATE.normalize("04/11/2026")).isEmpty();
    assertThat(VariableType.TEXT.normalize(" as is ")).contains("as is");
    assertThat(VariableType.BOOLEAN.normalize("y")).isEmpty();
    assertThat(VariableType.NUMBER.normalize("1e400")).isEmpty();
    assertThat(VariableType.TEXT.normalize("  ")).isEmpty();
  }

  private static void assertUnprocessable(CampaignConfigRequest request, String detailStart) {
    assertThatThrownBy(() -> CampaignConfigRules.toConfig("ws", "c", request, NOW, CampaignConfigRules.CONFIG))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
          assertThat(e.getBody().getDetail()).startsWith(detailStart);
        });
  }

  private static CampaignConfigRequest empty() {
    return new CampaignConfigRequest(null, null, null, null, null, null);
  }

  private static CampaignConfigRequest window(CampaignConfigRequest.Window window) {
    return new CampaignConfigRequest(null, null, null, window, null, null);
  }

  private static CampaignConfigRequest request(CampaignConfigRequest.Variable... variables) {
    return new CampaignConfigRequest(null, null, Arrays.asList(variables), null, null, null);
  }

  private static CampaignConfigRequest.Variable variable(String name, String binding) {
    return variable(name, null, binding, null, false, null);
  }

  private static CampaignConfigRequest.Variable variable(String name, String type, String binding, Object value,
                                                         boolean required, Object defaultValue) {
    return new CampaignConfigRequest.Variable(name, type, binding, value, required, defaultValue);
  }
}
