package io.contactsplatform.support.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

  private final ApiKeys keys = new ApiKeys(new WorkspaceAuthProperties(List.of(
      new WorkspaceAuthProperties.WorkspaceKey("acme", ApiKeys.sha256Hex("acme-secret")),
      new WorkspaceAuthProperties.WorkspaceKey("globex", ApiKeys.sha256Hex("globex-secret").toUpperCase()),
      new WorkspaceAuthProperties.WorkspaceKey("initech", ApiKeys.sha256Hex("initech-secret"), " dialer "))));

  @Test
  void shouldNameConfiguredKeysBootstrapUnlessConfiguredOtherwise() {
    assertThat(keys.authenticate("initech-secret")).contains(new Workspace("initech", "configured", "dialer"));
    assertThat(keys.configured()).extracting(Workspace::id).containsExactly("acme", "globex", "initech");
  }

  @Test
  void shouldResolveWorkspaceFromKeyWhoseHashIsConfigured() {
    assertThat(keys.authenticate("acme-secret")).contains(new Workspace("acme", "configured", "bootstrap"));
    assertThat(keys.authenticate("globex-secret")).contains(new Workspace("globex", "configured", "bootstrap"));
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

  @Test
  void shouldTellAdminPathsApart() {
    assertThat(ApiKeyAuthenticationFilter.isAdmin("/v1/admin/workspaces")).isTrue();
    assertThat(ApiKeyAuthenticationFilter.isAdmin("/v1/admin")).isTrue();
    assertThat(ApiKeyAuthenticationFilter.isAdmin("/v1/administration")).isFalse();
    assertThat(ApiKeyAuthenticationFilter.isAdmin("/v1/contacts")).isFalse();
  }
}
