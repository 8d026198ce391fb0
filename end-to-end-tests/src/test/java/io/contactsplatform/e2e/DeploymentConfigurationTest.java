package io.contactsplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.schemas.Topic;
import io.contactsplatform.support.kafka.ServiceTopics;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml must agree with what the services themselves declare: HTTP ports with
 * {@code server.port}, management ports (health checks, metrics) with {@code management.server.port}, the MongoDB database with {@code spring.mongodb.uri}, the Kafka address with
 * the broker's internal listener, and the documented topics with each service's {@link ServiceTopics}.
 * It runs {@value #INSTANCES} instances of each service ({@code <service>-1}, {@code <service>-2}):
 * each must pass those checks, read only variables its service reads, be configured like the others
 * (everything but its {@code PLATFORM_INSTANCE_ID}, which must differ), publish host ports of its own,
 * answer to the service's name on the compose network, and mount the same spool volume where the
 * service spools uploads (a takeover resumes from the spooled file).
 */
class DeploymentConfigurationTest {

  private static final Path ROOT = Path.of(System.getProperty("platform.root", ".."));
  private static final Pattern DEFAULT = Pattern.compile("\\$\\{[A-Z_]+:([^}]*)}");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_]+)[:}]");
  static final int INSTANCES = 2;
  /** Variables every service reads through Spring's relaxed binding or its own {@code @Value}, not in application.yml. */
  private static final List<String> BOUND_WITHOUT_PLACEHOLDER = List.of("PLATFORM_AUTH_WORKSPACES_0_ID",
      "PLATFORM_AUTH_WORKSPACES_0_API_KEY_SHA256", "PLATFORM_INSTANCE_ID", "PLATFORM_AUTH_ADMIN_API_KEY_SHA256");
  /** What differs per instance besides its id: the resolver's advertised host and its own state volume. */
  private static final List<String> PER_INSTANCE = List.of("PLATFORM_INSTANCE_ID", "RESOLVER_ADVERTISED_HOST");
  /** The spool directory variable of the services that spool uploads. */
  private static final Map<String, String> SPOOL = Map.of("import-service", "IMPORT_SPOOL_DIR",
      "dnc-service", "DNC_IMPORT_SPOOL_DIR");

  static Stream<Arguments> services() {
    return Stream.of(
        Arguments.of("contact-service", "io.contactsplatform.contactservice.ContactServiceApplication"),
        Arguments.of("import-service", "io.contactsplatform.importservice.ImportServiceApplication"),
        Arguments.of("dnc-service", "io.contactsplatform.dncservice.DncServiceApplication"),
        Arguments.of("variable-resolver-service", "io.contactsplatform.resolver.VariableResolverApplication"));
  }

  @ParameterizedTest
  @MethodSource("services")
  void shouldRunEveryInstanceOfEachServiceOnItsConfiguredPortDatabaseAndBroker(String service, String applicationClass)
      throws Exception {
    List<String> instances = instances(service);
    assertThat(instances).as("instances of " + service).hasSize(INSTANCES);
    for (String instance : instances) {
      checkInstance(service, instance, applicationClass);
    }
  }

  @ParameterizedTest
  @MethodSource("services")
  @SuppressWarnings("unchecked")
  void shouldConfigureEveryInstanceOfAServiceAlikeWithItsOwnIdAndHostPorts(String service, String ignored)
      throws Exception {
    Map<String, Object> services = composeServices();
    List<String> instances = instances(service);
    Map<String, Object> first = (Map<String, Object>) services.get(instances.get(0));
    Map<String, Object> firstEnv = new java.util.TreeMap<>((Map<String, Object>) first.get("environment"));
    Set<Object> ids = new HashSet<>();
    for (String instance : instances) {
      Map<String, Object> definition = (Map<String, Object>) services.get(instance);
      Map<String, Object> environment = new java.util.TreeMap<>((Map<String, Object>) definition.get("environment"));
      assertThat(ids.add(environment.get("PLATFORM_INSTANCE_ID"))).as(instance + ": an instance id of its own")
          .isTrue();
      assertThat(environment.get("PLATFORM_INSTANCE_ID")).isEqualTo(instance);
      if (environment.containsKey("RESOLVER_ADVERTISED_HOST")) {
        assertThat(environment.get("RESOLVER_ADVERTISED_HOST")).as(instance + ": reached at its own host name")
            .isEqualTo(instance);
      }
      environment.keySet().removeAll(PER_INSTANCE);
      Map<String, Object> expected = new java.util.TreeMap<>(firstEnv);
      expected.keySet().removeAll(PER_INSTANCE);
      assertThat(environment).as(instance + " is configured like " + instances.get(0)).isEqualTo(expected);
      for (String key : service.equals("variable-resolver-service")
          ? List.of("image", "command", "labels", "depends_on", "healthcheck")
          : List.of("image", "command", "volumes", "labels", "depends_on", "healthcheck")) {
        assertThat(definition.get(key)).as(instance + " " + key).isEqualTo(first.get(key));
      }
      assertThat(path(definition, "networks", "default", "aliases")).as(instance + " answers to " + service)
          .isEqualTo("[" + service + "]");
      assertThat(definition.get("hostname")).isEqualTo(instance);
    }
    String spool = SPOOL.get(service);
    if (spool != null) {
      Object dir = firstEnv.get(spool);
      assertThat(dir).as(spool + " set (the default under java.io.tmpdir is not shared)").isNotNull();
      String volume = ((List<String>) first.get("volumes")).stream().filter(v -> v.endsWith(":" + dir)).findFirst()
          .orElseThrow(() -> new AssertionError(instances.get(0) + " mounts no volume at " + dir));
      assertThat(volume).as("a named volume, shared by every instance").doesNotStartWith(".").doesNotStartWith("/");
      assertThat((Map<String, Object>) yaml(ROOT.resolve("docker-compose.yml")).get("volumes"))
          .containsKey(volume.substring(0, volume.indexOf(':')));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void shouldPublishEachHostPortOnce() throws Exception {
    List<String> hostPorts = new ArrayList<>();
    composeServices().values().forEach(definition -> {
      for (String mapping : (List<String>) ((Map<String, Object>) definition).getOrDefault("ports", List.of())) {
        hostPorts.add(mapping.substring(0, mapping.lastIndexOf(':')).replaceFirst("^127\\.0\\.0\\.1:", ""));
      }
    });
    assertThat(hostPorts).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(4 * INSTANCES * 2);
  }

  @SuppressWarnings("unchecked")
  private void checkInstance(String service, String instance, String applicationClass) throws Exception {
    Map<String, Object> services = composeServices();
    Map<String, Object> definition = (Map<String, Object>) services.get(instance);
    Map<String, Object> environment = (Map<String, Object>) definition.get("environment");
    Map<String, Object> config = yaml(ROOT.resolve(service).resolve("src/main/resources/application.yml"));

    int configuredPort = Integer.parseInt(defaultOf(path(config, "server", "port")));
    assertThat(String.valueOf(environment.get("SERVER_PORT"))).isEqualTo(String.valueOf(configuredPort));
    assertThat((List<String>) definition.get("ports")).anyMatch(p -> p.matches("\\d+:" + configuredPort));

    String managementPort = defaultOf(path(config, "management", "server", "port"));
    assertThat(path(config, "management", "server", "port")).startsWith("${MANAGEMENT_PORT:");
    assertThat(managementPort).isNotEqualTo(String.valueOf(configuredPort));
    assertThat(String.valueOf(environment.get("MANAGEMENT_PORT"))).isEqualTo(managementPort);
    assertThat((List<String>) definition.get("ports")).anyMatch(p -> p.matches("127\\.0\\.0\\.1:\\d+:" + managementPort));
    Set<String> read = new HashSet<>(BOUND_WITHOUT_PLACEHOLDER);
    Matcher placeholders = PLACEHOLDER.matcher(Files.readString(
        ROOT.resolve(service).resolve("src/main/resources/application.yml")));
    while (placeholders.find()) {
      read.add(placeholders.group(1));
    }
    assertThat(read).as(instance + ": every variable it is given is one its service reads")
        .containsAll(environment.keySet());
    assertThat(String.valueOf(((Map<String, Object>) definition.get("healthcheck")).get("test")))
        .contains("MANAGEMENT_PORT");

    String configuredDatabase = URI.create(defaultOf(path(config, "spring", "mongodb", "uri"))).getPath();
    URI composeMongo = URI.create(environment.get("MONGODB_URI").toString());
    assertThat(composeMongo.getPath()).isEqualTo(configuredDatabase);
    assertThat(composeMongo.getHost()).isEqualTo("mongo");
    assertThat(path(config, "spring", "mongodb", "uri")).startsWith("${MONGODB_URI:");
    assertThat(path(config, "spring", "kafka", "bootstrap-servers")).startsWith("${KAFKA_BOOTSTRAP_SERVERS:");

    Map<String, Object> kafkaEnv = (Map<String, Object>) ((Map<String, Object>) services.get("kafka")).get("environment");
    String internalListener = Arrays.stream(kafkaEnv.get("KAFKA_ADVERTISED_LISTENERS").toString().split(","))
        .filter(l -> l.startsWith(kafkaEnv.get("KAFKA_INTER_BROKER_LISTENER_NAME") + "://"))
        .findFirst().orElseThrow().replaceFirst("^[A-Z_]+://", "");
    assertThat(environment.get("KAFKA_BOOTSTRAP_SERVERS")).isEqualTo(internalListener);

    Map<String, Object> dependsOn = (Map<String, Object>) definition.get("depends_on");
    assertThat(dependsOn).containsOnlyKeys("kafka", "mongo");
    dependsOn.values().forEach(d -> assertThat(((Map<String, Object>) d).get("condition")).isEqualTo("service_healthy"));
    assertThat(definition).containsKey("healthcheck");

    ServiceTopics declared = serviceTopics(applicationClass);
    Map<String, Object> labels = (Map<String, Object>) definition.get("labels");
    assertThat(split(labels.get("io.contactsplatform.consumes")))
        .containsExactlyInAnyOrderElementsOf(declared.consumes().stream().map(Topic::name).toList());
    assertThat(split(labels.get("io.contactsplatform.produces")))
        .containsExactlyInAnyOrderElementsOf(declared.produces().stream().map(Topic::name).toList());
    assertThat((List<String>) definition.get("volumes")).anyMatch(v -> v.startsWith("./" + service + "/target/" + service + "-"));
    if (service.equals("variable-resolver-service")) {
      // the Kafka Streams state must survive a container restart (restore, not replay)
      assertThat(path(config, "platform", "resolver", "streams", "state-dir")).startsWith("${RESOLVER_STATE_DIR:");
      String stateDir = String.valueOf(environment.get("RESOLVER_STATE_DIR"));
      assertThat((List<String>) definition.get("volumes")).anyMatch(v -> v.matches("[a-z0-9-]+:" + stateDir));
      assertThat(path(config, "platform", "resolver", "streams", "advertised-host")).startsWith("${RESOLVER_ADVERTISED_HOST:");
      assertThat(environment.get("RESOLVER_ADVERTISED_HOST")).as("its own host name, never the shared alias")
          .isEqualTo(instance);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void shouldRunTheConsoleInFrontOfEachServiceOnItsComposePort() throws Exception {
    Map<String, Object> services = (Map<String, Object>) yaml(ROOT.resolve("docker-compose.yml")).get("services");
    Map<String, Object> console = (Map<String, Object>) services.get("console");
    Map<String, Object> environment = (Map<String, Object>) console.get("environment");
    Map<String, Object> config = yaml(ROOT.resolve("console/src/main/resources/application.yml"));

    int configuredPort = Integer.parseInt(defaultOf(path(config, "server", "port")));
    assertThat(String.valueOf(environment.get("SERVER_PORT"))).isEqualTo(String.valueOf(configuredPort));
    assertThat((List<String>) console.get("ports")).contains(configuredPort + ":" + configuredPort);
    Map<String, String> upstreamEnv = Map.of("contacts", "contact-service", "imports", "import-service",
        "dnc", "dnc-service", "resolver", "variable-resolver-service");
    upstreamEnv.forEach((route, service) -> {
      String property = path(config, "platform", "console", "upstreams", route);
      String variable = property.replaceFirst("^\\$\\{([A-Z_]+):.*$", "$1");
      Map<String, Object> serviceEnv = (Map<String, Object>) ((Map<String, Object>) services.get(service + "-1"))
          .get("environment");
      // the service's name is the network alias of all its instances
      assertThat(environment.get(variable)).as(route).isEqualTo("http://" + service + ":" + serviceEnv.get("SERVER_PORT"));
    });
    assertThat((Map<String, Object>) console.get("depends_on")).containsOnlyKeys(upstreamEnv.values().stream()
        .flatMap(s -> instances(s).stream()).toList());
    assertThat((List<String>) console.get("volumes")).anyMatch(v -> v.startsWith("./console/target/console-"));
  }

  /** The compose services that are instances of {@code service} ({@code <service>-<n>}), in order. */
  private static List<String> instances(String service) {
    try {
      return composeServices().keySet().stream().filter(name -> name.matches(Pattern.quote(service) + "-\\d+"))
          .sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> composeServices() throws IOException {
    return (Map<String, Object>) yaml(ROOT.resolve("docker-compose.yml")).get("services");
  }

  private static ServiceTopics serviceTopics(String applicationClass) throws Exception {
    Class<?> type = Class.forName(applicationClass);
    Method method = type.getDeclaredMethod("serviceTopics");
    method.setAccessible(true);
    var constructor = type.getDeclaredConstructor();
    constructor.setAccessible(true);
    return (ServiceTopics) method.invoke(constructor.newInstance());
  }

  private static List<String> split(Object value) {
    return Arrays.stream(value.toString().split(",")).map(String::trim).toList();
  }

  private static String defaultOf(String value) {
    Matcher m = DEFAULT.matcher(value);
    return m.matches() ? m.group(1) : value;
  }

  @SuppressWarnings("unchecked")
  private static String path(Map<String, Object> yaml, String... keys) {
    Object current = yaml;
    for (String key : keys) {
      current = ((Map<String, Object>) current).get(key);
    }
    return String.valueOf(current);
  }

  private static Map<String, Object> yaml(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new Yaml().load(in);
    }
  }
}
