package io.contactsplatform.resolver.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDiffTest {

  static final Instant NOW = Instant.parse("2026-11-04T16:00:00Z");
  static final CallingWindow WEEKDAYS = new CallingWindow(LocalTime.of(9, 0), LocalTime.of(20, 0),
      EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));

  @Test
  void shouldReportVariablesAddedRemovedAndChangedMemberByMember() {
    CampaignConfig before = config(Map.of("offer", "10%", "company", "Acme"), WEEKDAYS, null,
        new VariableDefinition("first_name", Binding.parse("contact.first_name"), true, null),
        new VariableDefinition("plan", VariableType.TEXT, Binding.parse("cf.plan"), false, "basic"),
        new VariableDefinition("tier", Binding.parse("row.Tier"), false, null));
    CampaignConfig after = config(Map.of("offer", "20%", "region", "west"), CallingWindow.DEFAULT,
        ZoneId.of("America/Chicago"),
        new VariableDefinition("first_name", Binding.parse("contact.first_name"), true, null),
        new VariableDefinition("plan", VariableType.TEXT, Binding.staticValue("gold"), true, "basic"),
        new VariableDefinition("seats", VariableType.NUMBER, null, false, "1"));

    ConfigDiff diff = ConfigDiff.between(before, 1, after, 2);

    assertThat(diff.from()).isEqualTo(1);
    assertThat(diff.to()).isEqualTo(2);
    assertThat(diff.unchanged()).isFalse();
    assertThat(diff.variables().added()).extracting(CampaignConfigView.Variable::name).containsExactly("seats");
    assertThat(diff.variables().removed()).extracting(CampaignConfigView.Variable::name).containsExactly("tier");
    assertThat(diff.variables().changed()).hasSize(1);
    ConfigDiff.ChangedVariable plan = diff.variables().changed().get(0);
    assertThat(plan.name()).isEqualTo("plan");
    assertThat(plan.changes()).containsOnlyKeys("binding", "value", "required");
    assertThat(plan.changes().get("binding")).isEqualTo(new ConfigDiff.Change("cf.plan", "static"));
    assertThat(plan.changes().get("value")).isEqualTo(new ConfigDiff.Change(null, "gold"));
    assertThat(plan.changes().get("required")).isEqualTo(new ConfigDiff.Change(false, true));

    assertThat(diff.staticVariables().added()).containsExactly(Map.entry("region", "west"));
    assertThat(diff.staticVariables().removed()).containsExactly(Map.entry("company", "Acme"));
    assertThat(diff.staticVariables().changed()).containsExactly(Map.entry("offer", new ConfigDiff.Change("10%", "20%")));

    assertThat(diff.callingWindow().before()).isEqualTo(new CampaignConfigView.Window(
        List.of("MON", "TUE", "WED", "THU", "FRI"), "09:00", "20:00"));
    assertThat(diff.callingWindow().after()).isEqualTo(new CampaignConfigView.Window(
        List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"), "08:00", "21:00"));
    assertThat(diff.settings()).containsOnlyKeys("fallbackTimezone");
    assertThat(diff.settings().get("fallbackTimezone")).isEqualTo(new ConfigDiff.Change(null, "America/Chicago"));

    assertThat(diff.summary(false))
        .isEqualTo("variables +seats -tier ~plan; static +region -company ~offer; calling window; fallbackTimezone");
  }

  @Test
  void shouldFindNothingBetweenEqualConfigsWhateverTheirTimestampOrVariableOrder() {
    VariableDefinition a = new VariableDefinition("a", null, false, null);
    VariableDefinition b = new VariableDefinition("b", null, false, "x");
    CampaignConfig before = config(Map.of("offer", "1"), WEEKDAYS, null, a, b);
    CampaignConfig after = new CampaignConfig("ws", "c", false, Map.of("offer", "1"), List.of(b, a), WEEKDAYS, null,
        MissingRequiredPolicy.USE_DEFAULT, NOW.plusSeconds(60));

    ConfigDiff diff = ConfigDiff.between(before, 3, after, 4);

    assertThat(diff.unchanged()).isTrue();
    assertThat(diff.callingWindow()).isNull();
    assertThat(diff.settings()).isEmpty();
    assertThat(diff.summary(false)).isEqualTo("no change");
  }

  @Test
  void shouldReportAWindowRemovedAndEverythingAddedAgainstNothing() {
    CampaignConfig withWindow = config(Map.of(), WEEKDAYS, null, new VariableDefinition("a", null, false, null));
    CampaignConfig anyTime = config(Map.of(), null, null, new VariableDefinition("a", null, false, null));

    ConfigDiff removed = ConfigDiff.between(withWindow, 1, anyTime, 2);
    assertThat(removed.callingWindow().after()).as("null: any time").isNull();
    assertThat(removed.callingWindow().before()).isNotNull();

    ConfigDiff created = ConfigDiff.between(null, 0, withWindow, 1);
    assertThat(created.variables().added()).extracting(CampaignConfigView.Variable::name).containsExactly("a");
    assertThat(created.callingWindow().before()).isNull();
    assertThat(created.summary(true)).isEqualTo("created with 1 variable");
  }

  private static CampaignConfig config(Map<String, String> statics, CallingWindow window, ZoneId zone,
                                       VariableDefinition... variables) {
    return new CampaignConfig("ws", "c", false, new LinkedHashMap<>(statics), List.of(variables), window, zone,
        MissingRequiredPolicy.USE_DEFAULT, NOW);
  }
}
