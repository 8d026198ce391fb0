package io.contactsplatform.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackConfigTest {

  @Test
  void shouldNameTheTakenPortAndItsVariable() throws IOException {
    try (ServerSocket taken = new ServerSocket(0)) {
      StackConfig config = StackConfig.fromEnvironment(environment("CONTACT_SERVICE_PORT", taken.getLocalPort()));

      assertThat(config.portProblems(StackConfig::isFree)).containsExactly("port " + taken.getLocalPort()
          + " (CONTACT_SERVICE_PORT) is already in use: stop what uses it or set CONTACT_SERVICE_PORT to a free port");
    }
  }

  @Test
  void shouldCheckEveryPortVariableIncludingTheKafkaController() {
    StackConfig config = StackConfig.fromEnvironment(Map.of());

    assertThat(config.portProblems(port -> port != 9093)).containsExactly("port 9093 (KAFKA_CONTROLLER_PORT) is already "
        + "in use: stop what uses it or set KAFKA_CONTROLLER_PORT to a free port");
    assertThat(config.portsByVariable()).containsOnlyKeys("KAFKA_PORT", "KAFKA_CONTROLLER_PORT", "MONGO_PORT",
        "CONTACT_SERVICE_PORT", "IMPORT_SERVICE_PORT", "DNC_SERVICE_PORT", "RESOLVER_SERVICE_PORT", "CONSOLE_PORT",
        "CONTACT_SERVICE_MANAGEMENT_PORT", "IMPORT_SERVICE_MANAGEMENT_PORT", "DNC_SERVICE_MANAGEMENT_PORT",
        "RESOLVER_SERVICE_MANAGEMENT_PORT");
    assertThat(config.managementPorts()).containsEntry(StackConfig.CONTACT, 9081)
        .containsEntry(StackConfig.RESOLVER, 9084);
    assertThat(config.portProblems(port -> true)).isEmpty();
  }

  @Test
  void shouldRefuseOnePortForTwoVariables() {
    StackConfig config = StackConfig.fromEnvironment(Map.of("DNC_SERVICE_PORT", "8081"));

    assertThat(config.portProblems(port -> true)).containsExactly(
        "port 8081 is set for both CONTACT_SERVICE_PORT and DNC_SERVICE_PORT: give each a port of its own");
  }

  @Test
  void shouldRefuseAPortThatIsNoNumber() {
    assertThatThrownBy(() -> StackConfig.fromEnvironment(Map.of("MONGO_PORT", "mongo")))
        .hasMessage("MONGO_PORT=mongo is not a port number (1-65535)");
  }

  @Test
  void shouldSeeAFreePortAsFree() throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    assertThat(StackConfig.isFree(port)).isTrue();
  }

  @Test
  void shouldRunOneInstanceOfEachServiceByDefault() {
    StackConfig config = StackConfig.fromEnvironment(Map.of());

    for (String service : StackConfig.SERVICES) {
      assertThat(config.instancesOf(service)).as(service).isEqualTo(1);
    }
    assertThat(config.servicePorts()).doesNotContainKey("contact-service.1");
  }

  @Test
  void shouldGiveEachExtraInstanceItsOwnPortsAHundredUp() {
    StackConfig config = StackConfig.fromEnvironment(Map.of("STACK_INSTANCES_CONTACT_SERVICE", "2",
        "STACK_INSTANCES", "1", "STACK_INSTANCES_VARIABLE_RESOLVER_SERVICE", "3", "RESOLVER_SERVICE_PORT", "7000"));

    assertThat(config.instancesOf(StackConfig.CONTACT)).isEqualTo(2);
    assertThat(config.instancesOf(StackConfig.IMPORT)).isEqualTo(1);
    assertThat(config.instancesOf(StackConfig.RESOLVER)).isEqualTo(3);
    assertThat(config.servicePorts()).containsEntry("contact-service", 8081).containsEntry("contact-service.1", 8181)
        .containsEntry("variable-resolver-service.2", 7200).doesNotContainKey("import-service.1");
    assertThat(config.managementPorts()).containsEntry("contact-service.1", 9181)
        .containsEntry("variable-resolver-service.1", 9184);
    assertThat(config.portsByVariable()).containsEntry("CONTACT_SERVICE_PORT+100 (contact-service.1)", 8181)
        .containsEntry("RESOLVER_SERVICE_MANAGEMENT_PORT+200 (variable-resolver-service.2)", 9284);
    assertThat(config.portProblems(port -> port != 8181)).containsExactly("port 8181 (CONTACT_SERVICE_PORT+100 "
        + "(contact-service.1)) is already in use: stop what uses it or set CONTACT_SERVICE_PORT to a free port"
        + " (the instances' ports follow it)");
  }

  @Test
  void shouldSetEveryServicesInstancesWithOneVariable() {
    StackConfig config = StackConfig.fromEnvironment(Map.of("STACK_INSTANCES", "2"));

    for (String service : StackConfig.SERVICES) {
      assertThat(config.instancesOf(service)).as(service).isEqualTo(2);
    }
    assertThat(config.portProblems(port -> true)).isEmpty();
  }

  @Test
  void shouldRefuseANumberOfInstancesOutOfRange() {
    assertThatThrownBy(() -> StackConfig.fromEnvironment(Map.of("STACK_INSTANCES_DNC_SERVICE", "0")))
        .hasMessage("STACK_INSTANCES_DNC_SERVICE=0 is not a number of instances (1-9)");
  }

  @Test
  void shouldChooseFreePortsForEveryInstance() {
    StackConfig config = StackConfig.onFreePorts(java.nio.file.Path.of("."), java.nio.file.Path.of("data"),
        Map.of(StackConfig.IMPORT, 2), false);

    assertThat(config.servicePorts()).containsKeys("import-service", "import-service.1", "contact-service")
        .doesNotContainKey(StackConfig.CONSOLE);
    assertThat(config.portProblems(port -> true)).isEmpty();
  }

  /** Distinct non-default ports for every variable, with one of them set to {@code port}. */
  private static Map<String, String> environment(String variable, int port) {
    Map<String, String> env = new HashMap<>();
    int next = 1;
    for (String name : StackConfig.fromEnvironment(Map.of()).portsByVariable().keySet()) {
      env.put(name, String.valueOf(port + next++ > 65535 ? port - next : port + next));
    }
    env.put(variable, String.valueOf(port));
    return env;
  }
}
