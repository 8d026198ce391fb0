package io.contactsplatform.localstack;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the local stack keeps its data and listens. {@link #fromEnvironment} reads
 * {@code DATA_DIR, KAFKA_PORT, KAFKA_CONTROLLER_PORT, MONGO_PORT, CONTACT_SERVICE_PORT,
 * IMPORT_SERVICE_PORT, DNC_SERVICE_PORT, RESOLVER_SERVICE_PORT, CONSOLE_PORT, PLATFORM_ROOT}.
 *
 * @param root         checkout root holding {@code <service>/target/<service>-*-exec.jar}
 * @param dataDir      Kafka log dir, Mongo H2 file and service logs live below it
 * @param servicePorts HTTP port per service name; the console is started only when it has a port here
 */
public record StackConfig(Path root, Path dataDir, String host, int kafkaPort, int kafkaControllerPort,
                          int mongoPort, Map<String, Integer> servicePorts) {

  public static final String CONTACT = "contact-service";
  public static final String IMPORT = "import-service";
  public static final String DNC = "dnc-service";
  public static final String RESOLVER = "variable-resolver-service";
  /** The operator console (gateway + web app), started after the four services. */
  public static final String CONSOLE = "console";

  public StackConfig {
    servicePorts = Map.copyOf(servicePorts);
  }

  public static StackConfig fromEnvironment(Map<String, String> env) {
    Path root = Path.of(env.getOrDefault("PLATFORM_ROOT", ".")).toAbsolutePath().normalize();
    return new StackConfig(root, root.resolve(env.getOrDefault("DATA_DIR", "data")).normalize(), "127.0.0.1",
        port(env, "KAFKA_PORT", 9092), port(env, "KAFKA_CONTROLLER_PORT", 9093), port(env, "MONGO_PORT", 27017),
        Map.of(CONTACT, port(env, "CONTACT_SERVICE_PORT", 8081), IMPORT, port(env, "IMPORT_SERVICE_PORT", 8082),
            DNC, port(env, "DNC_SERVICE_PORT", 8083), RESOLVER, port(env, "RESOLVER_SERVICE_PORT", 8084),
            CONSOLE, port(env, "CONSOLE_PORT", 8080)));
  }

  private static int port(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
  }
}
