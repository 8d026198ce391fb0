package io.contactsplatform.support.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

  private final ApiKeys keys = new ApiKeys(new WorkspaceAuthProperties(List.of(
      new WorkspaceAuthProperties.WorkspaceKey("acme", ApiKeys.sha256Hex("acme-secret")),
      new WorkspaceAuthProperties.WorkspaceKey("globex", ApiKeys.sha256Hex("globex-secret").toUpperCase()))));

  @Test
  void shouldResolveWorkspaceFromKeyWhoseHashIsConfigured() {
    assertThat(keys.authenticate("acme-secret")).contains(new Workspace("acme"));
    assertThat(keys.authenticate("globex-secret")).contains(new Workspace("globex"));
  }

  @Test
  void shouldRejectUnknownBlankOrMissingKeys() {
    assertThat(keys.authenticate("acme-secret ")).isEmpty();
    assertThat(keys.authenticate("")).isEmpty();
    assertThat(keys.authenticate(null)).isEmpty();
    assertThat(keys.authenticate(ApiKeys.sha256Hex("acme-secret"))).isEmpty();
  }

  @Test
  void shouldHashWithSha256Hex() {
    assertThat(ApiKeys.sha256Hex("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void shouldLeaveOnlyHealthAndInfoOpen() {
    assertThat(ApiKeyAuthenticationFilter.isOpen("/actuator/health")).isTrue();
    assertThat(ApiKeyAuthenticationFilter.isOpen("/actuator/health/liveness")).isTrue();
    assertThat(ApiKeyAuthenticationFilter.isOpen("/actuator/info")).isTrue();
    assertThat(ApiKeyAuthenticationFilter.isOpen("/actuator/prometheus")).isFalse();
    assertThat(ApiKeyAuthenticationFilter.isOpen("/actuator/healthz")).isFalse();
    assertThat(ApiKeyAuthenticationFilter.isOpen("/v1/contacts")).isFalse();
  }
}
