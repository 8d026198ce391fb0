package io.contactsplatform.resolver.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactsplatform.support.web.ApiException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Arrays;
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
    assertThat(Binding.parse("audience.Plan Name")).isEqualTo(new Binding(Binding.Kind.AUDIENCE, "Plan Name"));
    assertThat(Binding.parse(null)).isNull();
  }

  @Test
  void shouldRejectUnknownBindingForms() {
    for (String bad : List.of("contact.nickname", "cf.Plan", "audience.", "crm.owner", "", "first_name")) {
      assertThatThrownBy(() -> Binding.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void shouldBuildConfigFromRequest() {
    CampaignConfig config = CampaignConfigRules.toConfig("ws", "spring-sale", new CampaignVariablesRequest(true,
        Map.of("offer", "20% off", "discount", 20),
        List.of(new CampaignVariablesRequest.Variable("first_name", "contact.first_name", true, null),
            new CampaignVariablesRequest.Variable("plan", "audience.Plan", false, "basic")),
        new CampaignVariablesRequest.Window("09:00", "20:00", List.of("mon", "TUE", "Friday"))), NOW);

    assertThat(config.allowUnknownContacts()).isTrue();
    assertThat(config.staticVariables()).containsEntry("offer", "20% off").containsEntry("discount", "20");
    assertThat(config.variables()).containsExactly(
        new VariableDefinition("first_name", new Binding(Binding.Kind.CONTACT, "first_name"), true, null),
        new VariableDefinition("plan", new Binding(Binding.Kind.AUDIENCE, "Plan"), false, "basic"));
    assertThat(config.callingWindow()).isEqualTo(new CallingWindow(LocalTime.of(9, 0), LocalTime.of(20, 0),
        java.util.EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.FRIDAY)));
  }

  @Test
  void shouldNameTheVariableWhenItsBindingIsUnknown() {
    assertUnprocessable(request(variable("greeting", "crm.owner")), "variables[greeting].binding");
  }

  @Test
  void shouldRejectNamesThatAreNotSnakeCase() {
    assertUnprocessable(request(variable("First Name", null)), "variables[0].name");
    Map<String, Object> statics = new LinkedHashMap<>();
    statics.put("Offer", "x");
    assertUnprocessable(new CampaignVariablesRequest(null, statics, null, null), "staticVariables.Offer");
  }

  @Test
  void shouldRejectDuplicateVariableNames() {
    assertUnprocessable(request(variable("plan", null), variable("plan", "cf.plan")), "variables[1].name");
  }

  @Test
  void shouldRejectBadCallingWindows() {
    assertUnprocessable(new CampaignVariablesRequest(null, null, null,
        new CampaignVariablesRequest.Window("9am", "20:00", null)), "callingWindow.start");
    assertUnprocessable(new CampaignVariablesRequest(null, null, null,
        new CampaignVariablesRequest.Window("20:00", "09:00", null)), "callingWindow");
    assertUnprocessable(new CampaignVariablesRequest(null, null, null,
        new CampaignVariablesRequest.Window("09:00", "20:00", List.of("MON", "XYZ"))), "callingWindow.days");
  }

  @Test
  void shouldRejectNestedValues() {
    assertUnprocessable(new CampaignVariablesRequest(null, Map.of("offer", Map.of("a", "b")), null, null),
        "staticVariables.offer");
  }

  @Test
  void shouldRejectCampaignIdsThatCannotBeKeys() {
    assertThatThrownBy(() -> CampaignConfigRules.checkCampaignId("a|b")).isInstanceOf(ApiException.class);
    CampaignConfigRules.checkCampaignId("spring-sale_2026.v1");
  }

  private static void assertUnprocessable(CampaignVariablesRequest request, String detailStart) {
    assertThatThrownBy(() -> CampaignConfigRules.toConfig("ws", "c", request, NOW))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
          assertThat(e.getBody().getDetail()).startsWith(detailStart);
        });
  }

  private static CampaignVariablesRequest request(CampaignVariablesRequest.Variable... variables) {
    return new CampaignVariablesRequest(null, null, Arrays.asList(variables), null);
  }

  private static CampaignVariablesRequest.Variable variable(String name, String binding) {
    return new CampaignVariablesRequest.Variable(name, binding, false, null);
  }
}
