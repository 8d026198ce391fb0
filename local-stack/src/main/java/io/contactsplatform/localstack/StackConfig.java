package io.contactsplatform.localstack;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Where the local stack keeps its data and listens. {@link #fromEnvironment} reads
 * {@code DATA_DIR, KAFKA_PORT, KAFKA_CONTROLLER_PORT, MONGO_PORT, CONTACT_SERVICE_PORT,
 * IMPORT_SERVICE_PORT, DNC_SERVICE_PORT, RESOLVER_SERVICE_PORT, CONSOLE_PORT, PLATFORM_ROOT} and the management
 * (operators') ports {@code CONTACT_SERVICE_MANAGEMENT_PORT} (9081), {@code IMPORT_SERVICE_MANAGEMENT_PORT}
 * (9082), {@code DNC_SERVICE_MANAGEMENT_PORT} (9083), {@code RESOLVER_SERVICE_MANAGEMENT_PORT} (9084); {@link #portProblems}
 * says, before anything starts, which of those ports are taken (or given twice). The check is a
 * moment's probe: a port taken between the check and the start still fails later, less clearly.
 *
 * @param root         checkout root holding {@code <service>/target/<service>-*-exec.jar}
 * @param dataDir      Kafka log dir, Mongo H2 file and service logs live below it
 * @param servicePorts HTTP (API) port per service name; the console is started only when it has a port here
 * @param managementPorts management port per service name: health, info and metrics (the console's,
 *                        when absent here, is a free port chosen when it starts)
 */
public record StackConfig(Path root, Path dataDir, String host, int kafkaPort, int kafkaControllerPort,
                          int mongoPort, Map<String, Integer> servicePorts, Map<String, Integer> managementPorts) {

  public static final String CONTACT = "contact-service";
  public static final String IMPORT = "import-service";
  public static final String DNC = "dnc-service";
  public static final String RESOLVER = "variable-resolver-service";
  /** The operator console (gateway + web app), started after the four services. */
  public static final String CONSOLE = "console";

  private static final Map<String, String> VARIABLE_PREFIX = Map.of(CONTACT, "CONTACT_SERVICE", IMPORT,
      "IMPORT_SERVICE", DNC, "DNC_SERVICE", RESOLVER, "RESOLVER_SERVICE");

  public StackConfig {
    servicePorts = Map.copyOf(servicePorts);
    managementPorts = Map.copyOf(managementPorts);
  }

  /** A stack whose management ports are free ports chosen now (for tests and benchmarks). */
  public StackConfig(Path root, Path dataDir, String host, int kafkaPort, int kafkaControllerPort, int mongoPort,
                     Map<String, Integer> servicePorts) {
    this(root, dataDir, host, kafkaPort, kafkaControllerPort, mongoPort, servicePorts,
        Map.of(CONTACT, freePort(), IMPORT, freePort(), DNC, freePort(), RESOLVER, freePort()));
  }

  public static StackConfig fromEnvironment(Map<String, String> env) {
    Path root = Path.of(env.getOrDefault("PLATFORM_ROOT", ".")).toAbsolutePath().normalize();
    return new StackConfig(root, root.resolve(env.getOrDefault("DATA_DIR", "data")).normalize(), "127.0.0.1",
        port(env, "KAFKA_PORT", 9092), port(env, "KAFKA_CONTROLLER_PORT", 9093), port(env, "MONGO_PORT", 27017),
        Map.of(CONTACT, port(env, "CONTACT_SERVICE_PORT", 8081), IMPORT, port(env, "IMPORT_SERVICE_PORT", 8082),
            DNC, port(env, "DNC_SERVICE_PORT", 8083), RESOLVER, port(env, "RESOLVER_SERVICE_PORT", 8084),
            CONSOLE, port(env, "CONSOLE_PORT", 8080)),
        Map.of(CONTACT, port(env, "CONTACT_SERVICE_MANAGEMENT_PORT", 9081),
            IMPORT, port(env, "IMPORT_SERVICE_MANAGEMENT_PORT", 9082),
            DNC, port(env, "DNC_SERVICE_MANAGEMENT_PORT", 9083),
            RESOLVER, port(env, "RESOLVER_SERVICE_MANAGEMENT_PORT", 9084)));
  }

  /** Each port by the environment variable that sets it, in a fixed order. */
  public Map<String, Integer> portsByVariable() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("KAFKA_PORT", kafkaPort);
    ports.put("KAFKA_CONTROLLER_PORT", kafkaControllerPort);
    ports.put("MONGO_PORT", mongoPort);
    ports.put("CONTACT_SERVICE_PORT", servicePorts.get(CONTACT));
    ports.put("IMPORT_SERVICE_PORT", servicePorts.get(IMPORT));
    ports.put("DNC_SERVICE_PORT", servicePorts.get(DNC));
    ports.put("RESOLVER_SERVICE_PORT", servicePorts.get(RESOLVER));
    if (servicePorts.containsKey(CONSOLE)) {
      ports.put("CONSOLE_PORT", servicePorts.get(CONSOLE));
    }
    for (String service : List.of(CONTACT, IMPORT, DNC, RESOLVER)) {
      ports.put(VARIABLE_PREFIX.get(service) + "_MANAGEMENT_PORT", managementPorts.get(service));
    }
    return ports;
  }

  /**
   * Why the stack cannot listen where it is told to, one sentence per problem naming the port and
   * its variable: a port given to two variables, or one that {@code free} says is taken. Empty when
   * all is well.
   */
  public List<String> portProblems(IntPredicate free) {
    List<String> problems = new ArrayList<>();
    Map<Integer, String> seen = new LinkedHashMap<>();
    portsByVariable().forEach((variable, port) -> {
      String earlier = seen.putIfAbsent(port, variable);
      if (earlier != null) {
        problems.add("port " + port + " is set for both " + earlier + " and " + variable
            + ": give each a port of its own");
      } else if (!free.test(port)) {
        problems.add("port " + port + " (" + variable + ") is already in use: stop what uses it or set "
            + variable + " to a free port");
      }
    });
    return problems;
  }

  /** A port nothing listens on right now (the system's choice). */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Whether nothing listens on {@code port} (on any address) right now. */
  public static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new java.net.InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int port(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + "=" + value + " is not a port number (1-65535)");
    }
  }
}
