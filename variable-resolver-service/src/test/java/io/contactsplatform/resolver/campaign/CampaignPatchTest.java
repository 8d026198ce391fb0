package io.contactsplatform.resolver.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactsplatform.support.web.ApiException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CampaignPatchTest {

  static final CampaignConfig CONFIG = new CampaignConfig("ws", "c", false, new LinkedHashMap<>(Map.of("offer", "10%")),
      List.of(new VariableDefinition("first_name", Binding.parse("contact.first_name"), true, null),
          new VariableDefinition("plan", Binding.staticValue("gold"), false, null),
          new VariableDefinition("tier", Binding.parse("row.Tier"), false, "basic")),
      CallingWindow.DEFAULT, null, MissingRequiredPolicy.BLOCK, Instant.parse("2026-11-04T16:00:00Z"));

  @Test
  @SuppressWarnings("unchecked")
  void shouldMergeOneVariableByNameRemoveAnotherAndAppendANewOne() {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("plan", Map.of("binding", "cf.plan"));
    variables.put("tier", null);
    variables.put("seats", Map.of("type", "NUMBER", "default", 2));
    Map<String, Object> statics = new HashMap<>();
    statics.put("offer", null);
    statics.put("region", "west");

    Map<String, Object> patched = CampaignPatch.apply(CONFIG, Map.of("variables", variables,
        "staticVariables", statics, "callingWindow", Map.of("start", "09:00")));

    List<Map<String, Object>> result = (List<Map<String, Object>>) patched.get("variables");
    assertThat(result).extracting(v -> v.get("name")).containsExactly("first_name", "plan", "seats");
    assertThat(result.get(1)).as("binding left static without naming value: value dropped")
        .containsEntry("binding", "cf.plan").doesNotContainKey("value");
    assertThat(result.get(0)).containsEntry("binding", "contact.first_name").containsEntry("required", true);
    assertThat(result.get(2)).containsEntry("type", "NUMBER").containsEntry("default", 2);
    assertThat((Map<String, Object>) patched.get("staticVariables")).containsExactly(Map.entry("region", "west"));
    assertThat((Map<String, Object>) patched.get("callingWindow")).containsEntry("start", "09:00")
        .containsEntry("end", "21:00");
    assertThat(patched).containsEntry("missingRequired", "BLOCK");
  }

  @Test
  void shouldReplaceArraysAndRemoveNullMembersAsRfc7396Says() {
    Map<String, Object> patch = new HashMap<>();
    patch.put("variables", List.of(Map.of("name", "only")));
    patch.put("callingWindow", null);
    Map<String, Object> patched = CampaignPatch.apply(CONFIG, patch);
    assertThat(patched.get("variables")).isEqualTo(List.of(Map.of("name", "only")));
    assertThat(patched).doesNotContainKey("callingWindow");

    assertThat(CampaignPatch.merge(Map.of("a", "b"), Map.of("a", "c"))).isEqualTo(Map.of("a", "c"));
    assertThat(CampaignPatch.merge(Map.of("a", List.of(1)), "x")).isEqualTo("x");
  }

  @Test
  void shouldRefuseToRemoveAnUndeclaredVariableOrRenameInPlace() {
    Map<String, Object> missing = new HashMap<>();
    missing.put("nope", null);
    assertThatThrownBy(() -> CampaignPatch.apply(CONFIG, Map.of("variables", missing)))
        .isInstanceOf(ApiException.class).hasMessageContaining("variables.nope");
    assertThatThrownBy(() -> CampaignPatch.apply(CONFIG, Map.of("variables", Map.of("tier", Map.of("name", "level")))))
        .isInstanceOf(ApiException.class).hasMessageContaining("renamed");
    assertThatThrownBy(() -> CampaignPatch.apply(CONFIG, Map.of("variables", "x")))
        .isInstanceOf(ApiException.class);
  }
}
