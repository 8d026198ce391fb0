package io.contactsplatform.localstack;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The whole system on one machine without Docker: a real Kafka broker (KRaft) and
 * mongo-java-server (H2 file) in this JVM, the four services and the operator console (when
 * {@link StackConfig#servicePorts} names it) as child processes. Data lives in
 * {@code DATA_DIR} (default {@code ./data}) and survives restarts. A service may run as several
 * instances ({@link StackConfig#instances}, {@code STACK_INSTANCES_<SERVICE>}): every instance shares the
 * broker, the store (its service's database) and the spool directories, has its own ports, log
 * ({@code <service>.<i>.log}) and instance id ({@code PLATFORM_INSTANCE_ID}), and can be killed and
 * restarted on its own ({@link #kill(String, int)}). Provisions the development-only
 * workspaces {@code demo} (key {@code demo-key}) and {@code demo2} (key {@code demo2-key}) through
 * configuration, and the development-only platform admin key {@code demo-admin-key} for
 * contact-service's admin API (more workspaces and named keys; they live in the shared key store, in
 * the data directory too).
 * Ctrl-C / SIGTERM stops the services, then the store, then the broker, each within a bound
 * (the JVM halts if the whole stop takes longer). A watchdog ({@link StackWatchdog}) stops the stack,
 * exit status {@value #DIED_EXIT_CODE}, naming what died, when the broker or the store stops answering.
 */
public final class LocalStack implements AutoCloseable {

  /** Development-only workspaces and their API keys; never used outside the local stack. */
  public static final Map<String, String> DEMO_WORKSPACE_KEYS = Map.of("demo", "demo-key", "demo2", "demo2-key");
  /** Development-only platform admin key (the admin API: workspaces and API keys); never used outside the local stack. */
  public static final String DEMO_ADMIN_KEY = "demo-admin-key";

  private static final Map<String, String> DATABASES = Map.of(StackConfig.CONTACT, "contacts",
      StackConfig.IMPORT, "imports", StackConfig.DNC, "dnc", StackConfig.RESOLVER, "resolver");
  private static final List<String> SERVICES = StackConfig.SERVICES;

  /** Exit status of a stack that stopped because its broker or store died. */
  static final int DIED_EXIT_CODE = 3;
  private static final Duration WATCH_INTERVAL = Duration.ofSeconds(5);
  /** How long the broker or store may fail its probe before the stack stops (a long GC pause is not death). */
  private static final Duration WATCH_GRACE = Duration.ofSeconds(30);
  /**
   * Bound of a whole stop: services (30 s SIGTERM then SIGKILL, in parallel), store (30 s), broker (30 s),
   * with some margin.
   */
  private static final Duration STOP_WITHIN = Duration.ofSeconds(110);

  private final StackConfig config;
  private final KafkaKraftBroker broker;
  private final EmbeddedMongo mongo;
  private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
  private boolean closed;

  private LocalStack(StackConfig config) {
    this.config = config;
    this.broker = new KafkaKraftBroker(config.dataDir().resolve("kafka"), config.host(), config.kafkaPort(),
        config.kafkaControllerPort());
    this.mongo = EmbeddedMongo.onDisk(config.dataDir().resolve("mongo").resolve("store.mv"), config.host(),
        config.mongoPort());
  }

  /**
   * Starts broker, store and the four services, waits until every service is healthy, then does the
   * same for the console when {@link StackConfig#servicePorts} names it. Also
   * stops them when this JVM is told to end (Ctrl-C, SIGTERM), even while still starting, so no
   * service process outlives a stopped benchmark or test.
   */
  public static LocalStack start(StackConfig config) {
    LocalStack stack = new LocalStack(config);
    Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-stop-on-exit"));
    try {
      stack.broker.start();
      stack.mongo.start();
      // in waves: first instance of each service, then the second of each, ... (eight JVMs starting at
      // once on a small machine push some past their health timeout)
      int waves = SERVICES.stream().mapToInt(config::instancesOf).max().orElse(1);
      for (int i = 0; i < waves; i++) {
        int index = i;
        stack.startAndAwait(SERVICES.stream().filter(s -> index < config.instancesOf(s))
            .map(s -> StackConfig.instanceName(s, index)).toList());
      }
      if (config.servicePorts().containsKey(StackConfig.CONSOLE)) {
        // after the services: it needs nothing from them to start, but five JVMs starting at once on
        // a small machine push the services past their health timeout
        stack.startAndAwait(List.of(StackConfig.CONSOLE));
      }
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  private void startAndAwait(List<String> names) {
    List<ServiceProcess> started = new ArrayList<>();
    for (String name : names) {
      synchronized (this) {
        if (closed) {
          throw new IllegalStateException("stopped while starting");
        }
        ServiceProcess process = launch(name);
        services.put(name, process);
        started.add(process);
      }
    }
    CompletableFuture.allOf(started.stream()
        .map(s -> CompletableFuture.runAsync(() -> s.awaitHealthy(startTimeout())))
        .toArray(CompletableFuture[]::new)).join();
  }

  /**
   * Starts one process (an instance name, see {@link StackConfig#instanceName}): its API port, its
   * management port (configured, else a free one), its arguments, and for the four services the
   * workspace secrets and its instance id in its environment.
   */
  private ServiceProcess launch(String name) {
    boolean console = name.equals(StackConfig.CONSOLE);
    String service = serviceOf(name);
    Map<String, String> environment = new LinkedHashMap<>();
    if (!console) {
      environment.putAll(secretEnvironment());
      environment.put("PLATFORM_INSTANCE_ID", name);
    }
    return ServiceProcess.start(service, name, config.root(), config.servicePorts().get(name),
        config.managementPorts().getOrDefault(name, StackConfig.freePort()), config.dataDir().resolve("logs"),
        ServiceProcess.jvmOptions(service), console ? consoleArguments() : arguments(name), environment);
  }

  /** The service an instance name belongs to ({@code contact-service.1} → {@code contact-service}). */
  static String serviceOf(String instance) {
    int dot = instance.indexOf('.');
    return dot < 0 ? instance : instance.substring(0, dot);
  }

  /**
   * How long each process may take to become healthy: 180 s, or {@code PLATFORM_START_TIMEOUT_SECONDS}
   * (a machine shared with other builds can need more).
   */
  private static Duration startTimeout() {
    String seconds = System.getenv("PLATFORM_START_TIMEOUT_SECONDS");
    return Duration.ofSeconds(seconds == null || seconds.isBlank() ? 180 : Long.parseLong(seconds.trim()));
  }

  /** The console's arguments: its port and the four services' URLs (it holds no key). */
  private List<String> consoleArguments() {
    return List.of("--server.port=" + config.servicePorts().get(StackConfig.CONSOLE),
        "--platform.console.upstreams.contacts=" + serviceUrl(StackConfig.CONTACT),
        "--platform.console.upstreams.imports=" + serviceUrl(StackConfig.IMPORT),
        "--platform.console.upstreams.dnc=" + serviceUrl(StackConfig.DNC),
        "--platform.console.upstreams.resolver=" + serviceUrl(StackConfig.RESOLVER));
  }

  private String serviceUrl(String service) {
    return "http://" + config.host() + ":" + config.servicePorts().get(service);
  }

  private List<String> arguments(String instance) {
    return arguments(config, broker.bootstrapServers(), mongo.connectionString(), instance);
  }

  /**
   * The command-line arguments of a service instance ({@link StackConfig#instanceName}): addresses and
   * paths only, no secrets (see {@link #secretEnvironment}). Every instance of a service gets the same
   * database and spool directories; the URLs of other services name their instance 0.
   */
  static List<String> arguments(StackConfig config, String bootstrapServers, String mongoConnection, String instance) {
    String service = serviceOf(instance);
    List<String> args = new ArrayList<>(List.of(
        "--server.port=" + config.servicePorts().get(instance),
        "--spring.kafka.bootstrap-servers=" + bootstrapServers,
        "--spring.mongodb.uri=" + mongoConnection + "/" + DATABASES.get(service),
        "--spring.reactor.netty.shutdown-quiet-period=0s"));
    if (service.equals(StackConfig.IMPORT)) {
      args.add("--platform.import.contact-service-url=http://" + config.host() + ":"
          + config.servicePorts().get(StackConfig.CONTACT));
      args.add("--platform.import.spool-dir=" + config.dataDir().resolve("spool"));
    }
    if (service.equals(StackConfig.DNC)) {
      args.add("--platform.dnc.import.spool-dir=" + config.dataDir().resolve("dnc-spool"));
    }
    if (service.equals(StackConfig.RESOLVER)) {
      args.add("--platform.resolver.contact-service.base-url=http://" + config.host() + ":"
          + config.servicePorts().get(StackConfig.CONTACT));
      // Kafka Streams state (RocksDB) under the data dir: a restart restores it instead of replaying the
      // topics; one directory per instance (Streams locks it: two instances cannot share one)
      String index = instance.substring(instance.lastIndexOf('.') + 1);
      args.add("--platform.resolver.streams.state-dir="
          + config.dataDir().resolve(index.equals("0") ? "resolver-state" : "resolver-state." + index));
      args.add("--platform.resolver.streams.advertised-host=" + config.host());
    }
    return args;
  }

  /**
   * The demo workspaces and the SHA-256 of their keys as Spring environment variables
   * ({@code PLATFORM_AUTH_WORKSPACES_0_ID}, {@code PLATFORM_AUTH_WORKSPACES_0_API_KEY_SHA256}, ...),
   * and the SHA-256 of the admin key ({@code PLATFORM_AUTH_ADMIN_API_KEY_SHA256}): given to each
   * child's environment, never its command line (readable by every user with {@code ps}).
   */
  static Map<String, String> secretEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    int i = 0;
    for (Map.Entry<String, String> workspace : new java.util.TreeMap<>(DEMO_WORKSPACE_KEYS).entrySet()) {
      env.put("PLATFORM_AUTH_WORKSPACES_" + i + "_ID", workspace.getKey());
      env.put("PLATFORM_AUTH_WORKSPACES_" + i + "_API_KEY_SHA256", sha256(workspace.getValue()));
      i++;
    }
    env.put("PLATFORM_AUTH_ADMIN_API_KEY_SHA256", sha256(DEMO_ADMIN_KEY));
    return env;
  }

  /** The running service processes by instance name ({@link StackConfig#instanceName}). */
  ServiceProcess process(String instance) {
    return services.get(instance);
  }

  /** SIGKILLs a service's first instance, for fault-injection tests; {@link #restart} starts it again. */
  public void kill(String service) {
    kill(service, 0);
  }

  /** SIGKILLs instance {@code index} (0-based) of a service; {@link #restart(String, int)} starts it again. */
  public void kill(String service, int index) {
    ServiceProcess process;
    synchronized (this) {
      process = instance(service, index);
    }
    process.kill();
  }

  /** Starts a service's first instance again, see {@link #restart(String, int)}. */
  public void restart(String service) {
    restart(service, 0);
  }

  /**
   * Starts instance {@code index} of a service again (after {@link #kill}, or stopping it) exactly as the
   * stack started it (ports, arguments, instance id and secrets in its environment), and waits until it
   * is healthy.
   */
  public void restart(String service, int index) {
    ServiceProcess process;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("stack stopped");
      }
      instance(service, index).stop();
      String name = StackConfig.instanceName(service, index);
      process = launch(name);
      services.put(name, process);
    }
    process.awaitHealthy(startTimeout());
  }

  /** True while instance {@code index} of a service runs (false after {@link #kill}). */
  public boolean alive(String service, int index) {
    return instance(service, index).handle().isAlive();
  }

  /** How many instances of a service the stack runs. */
  public int instances(String service) {
    return config.instancesOf(service);
  }

  private synchronized ServiceProcess instance(String service, int index) {
    ServiceProcess process = services.get(StackConfig.instanceName(service, index));
    if (process == null) {
      throw new IllegalArgumentException("no instance " + index + " of " + service + " (it runs "
          + config.instancesOf(service) + ")");
    }
    return process;
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  public String mongoConnectionString() {
    return mongo.connectionString();
  }

  /** Base URL of a service (its first instance), e.g. {@code http://127.0.0.1:8081}. */
  public String url(String service) {
    return url(service, 0);
  }

  /** Base URL of instance {@code index} of a service. */
  public String url(String service, int index) {
    return instance(service, index).url();
  }

  /** Base URL of a service's (first instance's) management server (health, prometheus), e.g. {@code http://127.0.0.1:9081}. */
  public String managementUrl(String service) {
    return managementUrl(service, 0);
  }

  /** Base URL of the management server of instance {@code index} of a service. */
  public String managementUrl(String service, int index) {
    return instance(service, index).managementUrl();
  }

  /** What listens where, for people. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    out.append(String.format("  %-27s %s%n", "Kafka (KRaft)", broker.bootstrapServers()));
    out.append(String.format("  %-27s %s%n", "MongoDB (mongo-java-server)", mongo.connectionString()));
    services.values().forEach(s -> out.append(String.format("  %-27s %s   management: %s   log: %s%n", s.name(),
        s.url(), s.managementUrl(), s.log())));
    out.append(String.format("  %-27s %s%n", "data", config.dataDir()));
    out.append(String.format("  workspaces (development only): demo -> key demo-key, demo2 -> key demo2-key%n"));
    out.append("  admin API (development only): " + services.get(StackConfig.CONTACT).url()
        + "/v1/admin/workspaces with key " + DEMO_ADMIN_KEY);
    return out.toString();
  }

  /** Stops the services, then the store, then the broker; again is a no-op. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    services.values().parallelStream().forEach(ServiceProcess::stop);
    services.clear();
    try {
      mongo.close();
    } catch (RuntimeException e) {
      System.err.println(e.getMessage());
    } finally {
      broker.close();
    }
  }

  /**
   * Starts the watchdog that ends this JVM when the broker or the store has died for {@code grace}:
   * it prints which part died and why, then exits with {@value #DIED_EXIT_CODE}; the shutdown hooks
   * stop the services (and what is left of store and broker), each within its bound.
   */
  static StackWatchdog watch(KafkaKraftBroker broker, EmbeddedMongo mongo, Duration interval, Duration grace) {
    Duration probeTimeout = Duration.ofSeconds(5);
    return new StackWatchdog(List.of(
        new StackWatchdog.Probe("Kafka broker (KRaft) at " + broker.bootstrapServers(), () -> broker.problem(probeTimeout)),
        new StackWatchdog.Probe("store (mongo-java-server, H2)", () -> mongo.problem(probeTimeout))),
        interval, grace, message -> {
          System.err.println("The contacts platform stops: the " + message
              + ". Stopping the services; see the logs in the data directory, then start ./run.sh again.");
          new Thread(() -> System.exit(DIED_EXIT_CODE), "local-stack-exit").start();
        });
  }

  /**
   * A last resort for a stop that hangs (a broker or store wedged by an out-of-memory error): halts
   * the JVM after {@code within}, so SIGTERM always ends it.
   */
  static void haltAfter(Duration within) {
    Thread halter = new Thread(() -> {
      try {
        Thread.sleep(within.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      System.err.println("Stopping took longer than " + within + "; halting.");
      Runtime.getRuntime().halt(DIED_EXIT_CODE);
    }, "local-stack-halt");
    halter.setDaemon(true);
    halter.start();
  }

  static String sha256(String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code ./run.sh}'s entry point. Exits with 1 at once, starting nothing, when a port is taken
   * (the message names the port and its variable), and with 1 when the stack fails to start (what
   * did start is stopped first), so no JVM stays behind half alive.
   */
  public static void main(String[] args) throws InterruptedException {
    StackConfig config;
    try {
      config = StackConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(1);
      return;
    }
    List<String> problems = config.portProblems(StackConfig::isFree);
    if (!problems.isEmpty()) {
      problems.forEach(System.err::println);
      System.exit(1);
    }
    System.out.println("Starting the contacts platform (data in " + config.dataDir() + ") ...");
    LocalStack stack;
    try {
      stack = start(config);
    } catch (RuntimeException | Error e) {
      System.err.println("The contacts platform failed to start (what started is stopped again): " + e);
      e.printStackTrace();
      System.exit(1);
      return;
    }
    Thread stopper = new Thread(() -> {
      haltAfter(STOP_WITHIN);
      System.out.println("Stopping services, store and broker ...");
      stack.close();
      System.out.println("Stopped. Data kept in " + config.dataDir());
    }, "local-stack-stop");
    Runtime.getRuntime().addShutdownHook(stopper);
    watch(stack.broker, stack.mongo, WATCH_INTERVAL, WATCH_GRACE);
    System.out.println("Contacts platform is up:");
    System.out.println(stack.describe());
    if (config.servicePorts().containsKey(StackConfig.CONSOLE)) {
      System.out.println();
      System.out.println("  Open the console: http://localhost:" + config.servicePorts().get(StackConfig.CONSOLE)
          + "  (sign in with demo-key)");
    }
    System.out.println("Press Ctrl-C to stop.");
    Thread.currentThread().join();
  }
}
