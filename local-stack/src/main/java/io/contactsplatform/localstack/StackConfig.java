package io.contactsplatform.localstack;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * <p><b>Several instances of a service.</b> {@code STACK_INSTANCES_<SERVICE>} (e.g.
 * {@code STACK_INSTANCES_CONTACT_SERVICE=2}; {@code STACK_INSTANCES} sets all four) runs that many
 * processes of the service, all on the same broker, store and spool directories (as production shares
 * them). Instance 0 is named like the service and listens on the configured ports; instance {@code i}
 * is named {@code <service>.<i>} ({@link #instanceName}) and listens on the configured API and
 * management ports plus {@value #INSTANCE_PORT_STEP}{@code  × i}. The default is one of each
 * ({@code ./run.sh}). The console is always one instance.
 *
 * @param root         checkout root holding {@code <service>/target/<service>-*-exec.jar}
 * @param dataDir      Kafka log dir, Mongo H2 file and service logs live below it
 * @param servicePorts HTTP (API) port per instance name; the console is started only when it has a port here
 * @param managementPorts management port per instance name: health, info and metrics (the console's,
 *                        when absent here, is a free port chosen when it starts)
 * @param instances    how many instances of each service run (absent: one); each instance needs
 *                     its ports in the two maps above
 */
public record StackConfig(Path root, Path dataDir, String host, int kafkaPort, int kafkaControllerPort,
                          int mongoPort, Map<String, Integer> servicePorts, Map<String, Integer> managementPorts,
                          Map<String, Integer> instances) {

  public static final String CONTACT = "contact-service";
  public static final String IMPORT = "import-service";
  public static final String DNC = "dnc-service";
  public static final String RESOLVER = "variable-resolver-service";
  /** The operator console (gateway + web app), started after the four services. */
  public static final String CONSOLE = "console";

  private static final Map<String, String> VARIABLE_PREFIX = Map.of(CONTACT, "CONTACT_SERVICE", IMPORT,
      "IMPORT_SERVICE", DNC, "DNC_SERVICE", RESOLVER, "RESOLVER_SERVICE");

  /** The four services, in start order. */
  public static final List<String> SERVICES = List.of(CONTACT, IMPORT, DNC, RESOLVER);
  /** Port distance between two instances of a service when their ports are derived from the environment. */
  public static final int INSTANCE_PORT_STEP = 100;

  public StackConfig {
    servicePorts = Map.copyOf(servicePorts);
    managementPorts = Map.copyOf(managementPorts);
    instances = Map.copyOf(instances);
    for (Map.Entry<String, Integer> entry : instances.entrySet()) {
      if (entry.getValue() < 1 || !SERVICES.contains(entry.getKey())) {
        throw new IllegalArgumentException("instances of " + entry.getKey() + ": " + entry.getValue()
            + " (one of " + SERVICES + ", at least 1)");
      }
      for (int i = 1; i < entry.getValue(); i++) {
        String name = instanceName(entry.getKey(), i);
        if (!servicePorts.containsKey(name) || !managementPorts.containsKey(name)) {
          throw new IllegalArgumentException("no API or management port for " + name);
        }
      }
    }
  }

  /** One instance of each service. */
  public StackConfig(Path root, Path dataDir, String host, int kafkaPort, int kafkaControllerPort, int mongoPort,
                     Map<String, Integer> servicePorts, Map<String, Integer> managementPorts) {
    this(root, dataDir, host, kafkaPort, kafkaControllerPort, mongoPort, servicePorts, managementPorts, Map.of());
  }

  /** A stack whose management ports are free ports chosen now (for tests and benchmarks). */
  public StackConfig(Path root, Path dataDir, String host, int kafkaPort, int kafkaControllerPort, int mongoPort,
                     Map<String, Integer> servicePorts) {
    this(root, dataDir, host, kafkaPort, kafkaControllerPort, mongoPort, servicePorts,
        Map.of(CONTACT, freePort(), IMPORT, freePort(), DNC, freePort(), RESOLVER, freePort()), Map.of());
  }

  /**
   * A stack on free ports (chosen now) with {@code instances} processes of each service (absent: one),
   * in {@code dataDir}; with the console when {@code console} is true. For tests and benchmarks.
   */
  public static StackConfig onFreePorts(Path root, Path dataDir, Map<String, Integer> instances, boolean console) {
    Map<String, Integer> api = new LinkedHashMap<>();
    Map<String, Integer> management = new LinkedHashMap<>();
    for (String service : SERVICES) {
      for (int i = 0; i < instances.getOrDefault(service, 1); i++) {
        api.put(instanceName(service, i), freePort());
        management.put(instanceName(service, i), freePort());
      }
    }
    if (console) {
      api.put(CONSOLE, freePort());
    }
    return new StackConfig(root, dataDir, "127.0.0.1", freePort(), freePort(), freePort(), api, management, instances);
  }

  public static StackConfig fromEnvironment(Map<String, String> env) {
    Path root = Path.of(env.getOrDefault("PLATFORM_ROOT", ".")).toAbsolutePath().normalize();
    Map<String, Integer> api = new LinkedHashMap<>();
    Map<String, Integer> management = new LinkedHashMap<>();
    Map<String, Integer> instances = new LinkedHashMap<>();
    Map<String, Integer> defaultPorts = Map.of(CONTACT, 8081, IMPORT, 8082, DNC, 8083, RESOLVER, 8084);
    for (String service : SERVICES) {
      int count = instancesOf(env, service);
      int apiPort = port(env, VARIABLE_PREFIX.get(service) + "_PORT", defaultPorts.get(service));
      int managementPort = port(env, VARIABLE_PREFIX.get(service) + "_MANAGEMENT_PORT", defaultPorts.get(service) + 1000);
      for (int i = 0; i < count; i++) {
        api.put(instanceName(service, i), apiPort + INSTANCE_PORT_STEP * i);
        management.put(instanceName(service, i), managementPort + INSTANCE_PORT_STEP * i);
      }
      instances.put(service, count);
    }
    api.put(CONSOLE, port(env, "CONSOLE_PORT", 8080));
    return new StackConfig(root, root.resolve(env.getOrDefault("DATA_DIR", "data")).normalize(), "127.0.0.1",
        port(env, "KAFKA_PORT", 9092), port(env, "KAFKA_CONTROLLER_PORT", 9093), port(env, "MONGO_PORT", 27017),
        api, management, instances);
  }

  /**
   * {@code STACK_INSTANCES_<SERVICE>} (module name upper-cased, {@code -} as {@code _}), else
   * {@code STACK_INSTANCES}, else 1.
   */
  private static int instancesOf(Map<String, String> env, String service) {
    String variable = "STACK_INSTANCES_" + service.toUpperCase(Locale.ROOT).replace('-', '_');
    if (env.get(variable) == null || env.get(variable).isBlank()) {
      variable = "STACK_INSTANCES";
    }
    return number(env, variable, 1, 9, 1, "a number of instances");
  }

  /** Instance {@code index} of {@code service}: the service's name for instance 0, else {@code <service>.<index>}. */
  public static String instanceName(String service, int index) {
    return index == 0 ? service : service + "." + index;
  }

  /** How many instances of {@code service} run (1 unless configured). */
  public int instancesOf(String service) {
    return instances.getOrDefault(service, 1);
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
    for (String service : SERVICES) {
      ports.put(VARIABLE_PREFIX.get(service) + "_MANAGEMENT_PORT", managementPorts.get(service));
    }
    for (String service : SERVICES) {
      for (int i = 1; i < instancesOf(service); i++) {
        String suffix = "+" + INSTANCE_PORT_STEP * i + " (" + instanceName(service, i) + ")";
        ports.put(VARIABLE_PREFIX.get(service) + "_PORT" + suffix, servicePorts.get(instanceName(service, i)));
        ports.put(VARIABLE_PREFIX.get(service) + "_MANAGEMENT_PORT" + suffix,
            managementPorts.get(instanceName(service, i)));
      }
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
        String settable = variable.contains("+") ? variable.substring(0, variable.indexOf('+')) : variable;
        problems.add("port " + port + " (" + variable + ") is already in use: stop what uses it or set "
            + settable + " to a free port" + (settable.equals(variable) ? "" : " (the instances' ports follow it)"));
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
    return number(env, name, 1, 65535, fallback, "a port number");
  }

  /** {@code env[name]} as a number from {@code min} to {@code max}, {@code fallback} when unset; else a message naming it. */
  private static int number(Map<String, String> env, String name, int min, int max, int fallback, String what) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int number = Integer.parseInt(value.trim());
      if (number < min || number > max) {
        throw new NumberFormatException();
      }
      return number;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + "=" + value + " is not " + what + " (" + min + "-" + max + ")");
    }
  }
}
