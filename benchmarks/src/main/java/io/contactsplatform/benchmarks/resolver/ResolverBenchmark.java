package io.contactsplatform.benchmarks.resolver;

import io.contactsplatform.benchmarks.BrokerJvm;
import io.contactsplatform.benchmarks.WorkDirs;
import io.contactsplatform.events.audience.AudienceRow;
import io.contactsplatform.events.call.start.CallStart;
import io.contactsplatform.events.call.variables.AgentVariables;
import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.localstack.EmbeddedMongo;
import io.contactsplatform.localstack.KafkaKraftBroker;
import io.contactsplatform.localstack.ServiceProcess;
import io.contactsplatform.schemas.SingleObjectEventCodec;
import io.contactsplatform.schemas.Topic;
import io.contactsplatform.schemas.Topics;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * variable-resolver-service end to end on a real KRaft broker and mongo-java-server (H2 file
 * backend, as the local stack; {@code --store memory} for the in-memory one) running in this JVM,
 * the service in {@code --instances} JVMs of their own ({@link ResolverInstances}: own ports, own
 * Kafka Streams state directory each) started from its {@code -exec.jar} with the JVM options it is
 * deployed with ({@link ServiceProcess#jvmOptions}; run from the checkout root). In one run it
 * measures:
 * <ol>
 *   <li>once the dataset is loaded (every instance healthy, the group without lag): each instance's
 *       state on disk (its state directory's file sizes, RocksDB's part by store; memtables not yet
 *       flushed are not counted) and its heap after a full collection ({@code jcmd GC.run}, then
 *       {@code GC.heap_info});</li>
 *   <li>the bare Kafka produce→consume round trip (baseline), one at a time and at the target rate;</li>
 *   <li>the same records through {@link RelayJvm} (second baseline: two broker crossings, nothing else);</li>
 *   <li>call-start→agent-variables round trips, one at a time and at {@code --rate}/s for
 *       {@code --seconds}, with {@code --contacts} contacts and {@code --dnc} DNC entries loaded
 *       (published straight onto contact-changes / dnc-changes / audience-rows);</li>
 *   <li>a readiness report of the whole audience, against reading and decoding the report's inputs
 *       (the contacts' contact-changes and audience-rows records) with one plain consumer (baseline);</li>
 *   <li>with {@code --restart true}, last: instance 0's restart-to-ready time (JVM start to healthy:
 *       Streams RUNNING, DNC trusted) and heap, restarted gracefully on its own state, then with its
 *       state directory deleted (restored from the changelogs: the replay-like baseline); with several
 *       instances this shows the hand-over rather than a restore (see {@code restartPhase}).</li>
 * </ol>
 * For each rate window it also reports the CPU the relay's and the resolver's JVMs (summed over the
 * instances) used per request
 * ({@link CpuUse}: with their JIT compiler and GC threads' share) and the cores this JVM used.
 * Latency runs from the intended send time to the answer being polled (no coordinated omission).
 * Before measuring, both paths are warmed up one at a time and then at the rate for
 * {@code --warm-up} seconds each (JIT compilation would otherwise land in the measured windows),
 * and each rate window is the end of one continuous run at the rate whose first {@code --warm-up}
 * seconds are not measured (otherwise the resolver's window began after a minute of idleness, the
 * bare path's window, and its first second and a half held a seventh of its slowest calls).
 * Commit settings under test: broker {@code group.coordinator.append.linger.ms=0} (set by
 * {@link KafkaKraftBroker}); the resolver's Kafka Streams defaults ({@code exactly_once_v2}, commit
 * interval 20 ms, producer {@code linger.ms=0}) unless {@code --guarantee} / {@code --commit-interval}.
 *
 * <p>Usage: {@code resolver [--contacts 100000] [--dnc 1000000] [--rate 1000] [--seconds 60]
 * [--single 2000] [--warm-up 15] [--rounds 1] [--store h2|memory] [--resolver-heap 1g] [--call-consumers n]
 * [--guarantee exactly_once_v2] [--commit-interval 20ms]
 * [--broker shared|own] [--instances 1] [--restart false]} ({@code --rounds n} measures the three rate
 * windows n times, in turn, and prints in how many rounds every target held and the medians of the rounds'
 * p99 ratios; {@code --instances n} runs n resolver JVMs, {@code --restart true} adds the restart phase;
 * {@code --broker own} runs the broker in a JVM of its own, {@link BrokerJvm}; by default it shares this JVM with the store and
 * the load generator; {@code --call-consumers} overrides {@code platform.resolver.streams.num-stream-threads},
 * {@code --guarantee exactly_once_v2|at_least_once} and {@code --commit-interval 20ms} the Streams settings;
 * the service's own default otherwise).
 */
public final class ResolverBenchmark {

  private static final String API_KEY = "bench-key";
  private static final String RESOLVER = "variable-resolver-service";
  private static final String BARE_TOPIC = "bench-bare-round-trip";
  /** As call-starts: the relay runs one consumer per partition, as the resolver does. */
  private static final int RELAY_PARTITIONS = Topics.CALL_STARTS.partitions();
  private static final SingleObjectEventCodec CODEC = new SingleObjectEventCodec();

  private ResolverBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    int contacts = Integer.parseInt(options.getOrDefault("contacts", "100000"));
    int dnc = Integer.parseInt(options.getOrDefault("dnc", "1000000"));
    int rate = Integer.parseInt(options.getOrDefault("rate", "1000"));
    int seconds = Integer.parseInt(options.getOrDefault("seconds", "60"));
    int single = Integer.parseInt(options.getOrDefault("single", "2000"));
    int warmUp = Integer.parseInt(options.getOrDefault("warm-up", "15"));
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "1"));
    boolean h2 = !"memory".equals(options.getOrDefault("store", "h2"));
    int instances = Integer.parseInt(options.getOrDefault("instances", "1"));
    if (instances < 1) {
      throw new IllegalArgumentException("--instances must be at least 1");
    }
    boolean restart = Boolean.parseBoolean(options.getOrDefault("restart", "false"));
    List<String> jvm = new ArrayList<>(ServiceProcess.jvmOptions(RESOLVER));
    if (options.containsKey("resolver-heap")) {
      jvm.replaceAll(o -> o.startsWith("-Xmx") ? "-Xmx" + options.get("resolver-heap") : o);
    }
    Path root = Path.of(System.getProperty("platform.root", ".")).toAbsolutePath().normalize();
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf("resolver benchmark: contacts=%d dnc=%d rate=%d/s seconds=%d single=%d warm-up=%d s store=%s "
        + "instances=%d restart=%s, %d cores%n", contacts, dnc, rate, seconds, single, warmUp, h2 ? "h2" : "memory",
        instances, restart, cores);
    if (instances > 1 && cores < 2 * instances + 1) {
      System.out.printf("note: %d resolver JVMs share %d cores with the broker, store, relay and load generator: a "
          + "%d-instance figure shows that the instances split the partitions and answer correctly, and what the "
          + "split costs (CPU summed over the JVMs, latency); not throughput scaling, which needs a core per "
          + "instance%n", instances, cores, instances);
    }
    System.out.printf("resolver JVM: %s%n", String.join(" ", jvm));
    boolean ownBroker = "own".equals(options.getOrDefault("broker", "shared"));
    System.out.printf("broker JVM: %s%n", ownBroker ? String.join(" ", BrokerJvm.JVM_OPTIONS) : "this JVM");
    System.out.printf("this JVM (store, load generator%s): %s%n", ownBroker ? "" : ", broker", String.join(" ",
        ManagementFactory.getRuntimeMXBean().getInputArguments()));

    Path dir = WorkDirs.create("resolver-bench-");
    String bootstrap;
    AutoCloseable broker;
    if (ownBroker) {
      BrokerJvm own = BrokerJvm.start(dir.resolve("kafka"), "127.0.0.1", freePort(), freePort(), BrokerJvm.JVM_OPTIONS);
      bootstrap = own.bootstrapServers();
      broker = own;
    } else {
      KafkaKraftBroker shared = new KafkaKraftBroker(dir.resolve("kafka"), "127.0.0.1", freePort(), freePort()).start();
      bootstrap = shared.bootstrapServers();
      broker = shared;
    }
    EmbeddedMongo mongo = (h2 ? EmbeddedMongo.onDisk(dir.resolve("mongo").resolve("store.mv"), "127.0.0.1", freePort())
        : EmbeddedMongo.inMemory("127.0.0.1", 0)).start();
    ResolverInstances resolvers = null;
    RelayJvm relay = null;
    try {
      createTopics(bootstrap);

      long t = System.nanoTime();
      BenchData data = BenchData.generate(contacts, dnc);
      Duration generated = BenchData.since(t);
      t = System.nanoTime();
      long records = data.publish(bootstrap);
      data.dncPhones.clear(); // published; this JVM need not hold them
      Duration load = BenchData.since(t);
      System.out.printf("dataset: generated in %.1f s; %d records published in %.1f s (%.0f records/s)%n",
          secs(generated), records, secs(load), records / secs(load));

      List<String> extra = new ArrayList<>();
      if (options.containsKey("call-consumers")) {
        extra.add("--platform.resolver.streams.num-stream-threads=" + options.get("call-consumers"));
      }
      if (options.containsKey("guarantee")) {
        extra.add("--platform.resolver.streams.processing-guarantee=" + options.get("guarantee"));
      }
      if (options.containsKey("commit-interval")) {
        extra.add("--platform.resolver.streams.commit-interval=" + options.get("commit-interval"));
      }
      extra.addAll(List.of(
          "--spring.kafka.bootstrap-servers=" + bootstrap,
          "--spring.mongodb.uri=" + mongo.connectionString() + "/resolver",
          "--spring.reactor.netty.shutdown-quiet-period=0s",
          "--spring.main.banner-mode=off",
          "--logging.level.root=WARN",
          "--logging.level.io.contactsplatform=INFO"));
      // each instance's Streams state lives under the benchmark's directory (fresh per run, like its broker);
      // the key's hash goes in the children's environment, not on their command lines (visible in ps)
      resolvers = new ResolverInstances(instances, root, dir, jvm, extra, Map.of(
          "PLATFORM_AUTH_WORKSPACES_0_ID", BenchData.WORKSPACE,
          "PLATFORM_AUTH_WORKSPACES_0_API_KEY_SHA256", sha256(API_KEY)));
      t = System.nanoTime();
      for (int i = 0; i < instances; i++) {
        resolvers.start(i);
      }
      // healthy = its Streams application RUNNING (state restored) and the DNC state of every partition trusted
      for (int i = 0; i < instances; i++) {
        resolvers.get(i).awaitHealthy(Duration.ofMinutes(60));
      }
      Duration healthy = BenchData.since(t);
      awaitNoLag(bootstrap, STREAMS_APPLICATION, STATE_INPUTS);
      Duration allCaughtUp = BenchData.since(t);
      System.out.printf("resolver: %d instance(s) healthy (views loaded, DNC trusted) after %.1f s (%.0f records/s); "
              + "every view's offsets committed at the end after %.1f s%n", instances, secs(healthy),
          records / secs(healthy), secs(allCaughtUp));
      for (int i = 0; i < instances; i++) {
        printState(resolvers, i, "after loading (without what is still in RocksDB's memtables)");
        printHeap(resolvers, i, "after loading");
      }

      String base = resolvers.get(0).url();
      configureCampaign(base);
      relay = RelayJvm.start(bootstrap, RELAY_PARTITIONS, jvm, dir.resolve("logs").resolve("relay.log"));

      Random random = new Random(42);
      try (RoundTrips<byte[]> bare = new RoundTrips<>(bootstrap, BARE_TOPIC, BARE_TOPIC, bytes -> bytes,
               ResolverBenchmark::bareId);
           RoundTrips<byte[]> relayed = new RoundTrips<>(bootstrap, RelayJvm.IN, RelayJvm.OUT, bytes -> bytes,
               ResolverBenchmark::bareId);
           RoundTrips<AgentVariables> calls = new RoundTrips<>(bootstrap, Topics.CALL_STARTS.name(),
               Topics.AGENT_VARIABLES.name(), bytes -> CODEC.decode(AgentVariables.class, bytes),
               AgentVariables::getCallId)) {
        Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
        // warm-up, not measured: connections, consumer positions, then JIT (both paths at the rate,
        // so the measured windows hold no compilation on these two cores)
        oneAtATime(bare, Math.max(200, single / 2), i -> bareRequest());
        oneAtATime(relayed, Math.max(200, single / 2), i -> bareRequest());
        oneAtATime(calls, Math.max(200, single / 2), i -> callRequest(data, random));
        if (warmUp > 0) {
          atRate(bare, rate, 0, warmUp, i -> bareRequest(), () -> null, List.of());
          atRate(relayed, rate, 0, warmUp, i -> bareRequest(), () -> null, List.of());
          atRate(calls, rate, 0, warmUp, i -> callRequest(data, random), () -> null, List.of());
        }

        Latencies bareSingle = bare.measure(b -> null);
        int bareSingleLost = oneAtATime(bare, single, i -> bareRequest());
        Latencies relaySingle = relayed.measure(b -> null);
        int relaySingleLost = oneAtATime(relayed, single, i -> bareRequest());
        Latencies callSingle = calls.measure(countStatus(statuses));
        int callSingleLost = oneAtATime(calls, single, i -> callRequest(data, random));
        System.out.printf("one at a time  bare     %s (lost %d)%n", bareSingle.describe(), bareSingleLost);
        System.out.printf("one at a time  relay    %s (lost %d)%n", relaySingle.describe(), relaySingleLost);
        System.out.printf("one at a time  resolver %s (lost %d)%n", callSingle.describe(), callSingleLost);

        // each rate window is the tail of one continuous run at the rate: its first --warm-up seconds
        // are sent but not measured, so neither path is measured while coming out of idleness; with
        // --rounds n the two windows alternate n times, so a slow minute of this shared machine lands
        // on one round's pair rather than on one path only
        List<Double> p99Ratios = new ArrayList<>();
        List<Double> relayRatios = new ArrayList<>();
        List<Double> cpuRatios = new ArrayList<>();
        int roundsMet = 0;
        for (int round = 1; round <= rounds; round++) {
          String label = rounds > 1 ? "round " + round + "/" + rounds + ": " : "";
          RateWindow bareWindow = atRate(bare, rate, warmUp, seconds, i -> bareRequest(),
              () -> bare.measure(b -> null), List.of());
          RateWindow relayWindow = atRate(relayed, rate, warmUp, seconds, i -> bareRequest(),
              () -> relayed.measure(b -> null), List.of(relay.handle()));
          RateWindow callWindow = atRate(calls, rate, warmUp, seconds, i -> callRequest(data, random), () -> {
            statuses.clear();
            return calls.measure(countStatus(statuses));
          }, resolvers.handles());
          Latencies bareRated = bareWindow.latencies();
          int bareRatedLost = bareWindow.lost();
          CpuUse bareUse = bareWindow.cpu();
          Latencies relayRated = relayWindow.latencies();
          int relayRatedLost = relayWindow.lost();
          CpuUse relayUse = relayWindow.cpu();
          Latencies callRated = callWindow.latencies();
          int callRatedLost = callWindow.lost();
          CpuUse callUse = callWindow.cpu();
          System.out.printf("%s%d/s for %d s  bare     %s (lost %d)%n", label, rate, seconds, bareRated.describe(),
              bareRatedLost);
          System.out.printf("%s%d/s for %d s  relay    %s (lost %d)%n", label, rate, seconds, relayRated.describe(),
              relayRatedLost);
          System.out.printf("%s%d/s for %d s  resolver %s (lost %d; %d instance(s))%n", label, rate, seconds,
              callRated.describe(), callRatedLost, instances);
          System.out.printf("%sanswers at rate by status: %s%n", label, new TreeMap<>(statuses));
          long requests = (long) rate * seconds;
          if (relayUse.childNanos() >= 0 && callUse.childNanos() >= 0) {
            cpuRatios.add((double) callUse.childNanos() / relayUse.childNanos());
            System.out.printf("%sCPU at %d/s: relay JVM %.0f us per request (%.2f cores; JIT compiler %.0f ms, GC threads "
                    + "%.0f ms), %s %.0f us per call (%.2f cores; JIT compiler %.0f ms, GC threads %.0f ms) = %.2f x "
                    + "relay; this JVM (broker, store, load generator) %.2f / %.2f / %.2f cores in the bare / relay / "
                    + "resolver windows%n", label, rate, relayUse.childMicrosPer(requests), relayUse.childCores(),
                relayUse.childCompilerNanos() / 1e6, relayUse.childGcNanos() / 1e6,
                instances == 1 ? "resolver JVM" : instances + " resolver JVMs (summed)", callUse.childMicrosPer(requests),
                callUse.childCores(), callUse.childCompilerNanos() / 1e6, callUse.childGcNanos() / 1e6,
                (double) callUse.childNanos() / relayUse.childNanos(), bareUse.selfCores(), relayUse.selfCores(),
                callUse.selfCores());
          }
          System.out.printf("%stail at %d/s: bare %s; relay %s; resolver %s%n", label, rate, bareRated.tail(99),
              relayRated.tail(99), callRated.tail(99));
          if (options.containsKey("tail-windows")) {
            System.out.println(label + "bare tail windows (UTC): " + bareRated.tailWindows(99));
            System.out.println(label + "resolver tail windows (UTC): " + callRated.tailWindows(99));
          }

          double p50 = callRated.percentileMillis(50);
          double p99 = callRated.percentileMillis(99);
          double bareP99 = bareRated.percentileMillis(99);
          double relayP99 = relayRated.percentileMillis(99);
          System.out.printf("%sratios: one at a time p50 %.2fx p99 %.2fx of bare; at %d/s p50 %.2fx p99 %.2fx of bare "
                  + "(p99 %.2fx of the bare one-at-a-time p99)%n", label,
              callSingle.percentileMillis(50) / bareSingle.percentileMillis(50),
              callSingle.percentileMillis(99) / bareSingle.percentileMillis(99), rate,
              p50 / bareRated.percentileMillis(50), p99 / bareP99, p99 / bareSingle.percentileMillis(99));
          boolean met = p50 <= 2 && p99 <= 3 * bareP99 && callRatedLost == 0;
          roundsMet += met ? 1 : 0;
          p99Ratios.add(p99 / bareP99);
          relayRatios.add(relayP99 / bareP99);
          System.out.printf("%srelay (two broker crossings, nothing else) at %d/s: p99 %.2f ms = %.2f x bare p99; "
                  + "resolver p99 = %.2f x relay p99; p50 relay %.2f ms, resolver %.2f ms%n", label, rate, relayP99,
              relayP99 / bareP99, p99 / relayP99, relayRated.percentileMillis(50), p50);
          System.out.printf("%stargets at %d/s: resolver p50 %.2f ms <= 2 ms: %s; p99 %.2f ms <= 3 x bare p99 %.2f ms: "
                  + "%s (%.2f x); lost %d: %s%n", label, rate, p50, p50 <= 2 ? "MET" : "MISSED", p99,
              bareP99, p99 <= 3 * bareP99 ? "MET" : "MISSED", p99 / bareP99, callRatedLost, callRatedLost == 0 ? "MET" : "MISSED");
        }
        if (rounds > 1) {
          System.out.printf("rounds: every target met in %d of %d; p99 ratio per round %s, median %.2f x; relay p99 "
                  + "ratio per round %s, median %.2f x%n", roundsMet, rounds,
              p99Ratios.stream().map(r -> String.format("%.2f", r)).toList(), median(p99Ratios),
              relayRatios.stream().map(r -> String.format("%.2f", r)).toList(), median(relayRatios));
          if (!cpuRatios.isEmpty()) {
            System.out.printf("rounds: resolver CPU per call per round %s x the relay's per request, median %.2f x%n",
                cpuRatios.stream().map(r -> String.format("%.2f", r)).toList(), median(cpuRatios));
          }
        }
      }

      t = System.nanoTime();
      long read = readInputs(bootstrap);
      if (read != 2L * contacts) {
        throw new IllegalStateException("baseline read " + read + " of " + 2 * contacts + " records");
      }
      Duration rawRead = BenchData.since(t);
      t = System.nanoTime();
      try {
        String report = readinessReport(base);
        Duration reportTime = BenchData.since(t);
        System.out.printf("readiness report of %d contacts: %.2f s (baseline: its inputs read from the topics and "
                + "decoded %.2f s; ratio %.1fx); target < 10 s: %s%n", contacts, secs(reportTime), secs(rawRead),
            secs(reportTime) / secs(rawRead), secs(reportTime) < 10 ? "MET" : "MISSED");
        System.out.println("report counts: " + field(report, "counts"));
      } catch (IllegalStateException e) {
        // reported, not fatal: the figures after it (the restart phase) still get measured
        System.out.printf("readiness report of %d contacts: FAILED after %.2f s (%s; see the resolver logs)%n", contacts,
            secs(BenchData.since(t)), e.getMessage());
      }

      if (restart) {
        relay.close();
        restartPhase(resolvers);
      }
    } finally {
      if (relay != null) {
        relay.close();
      }
      if (resolvers != null) {
        resolvers.close();
        for (int i = 0; i < resolvers.count(); i++) {
          if (resolvers.get(i) != null) {
            System.out.println("resolver log: " + resolvers.get(i).log() + " (deleted with the run's work dir unless "
                + "BENCHMARK_KEEP_WORK_DIRS=true)");
          }
        }
      }
      mongo.close();
      broker.close();
    }
  }

  /**
   * Instance {@code i}'s state on disk (sum of its state directory's file sizes; RocksDB's part by
   * store) and, while it runs, the partitions it serves (3 partitions: 2 instances split them 2 + 1).
   */
  private static void printState(ResolverInstances resolvers, int i, String when) throws IOException {
    HttpResponse<String> health = resolvers.get(i).handle().isAlive() ? health(resolvers.get(i)) : null;
    System.out.printf("%s %s: state on disk (%s) %s%s%n", resolvers.get(i).name(), when,
        resolvers.stateDir(i).getFileName(), resolvers.stateSize(i).describe(),
        health == null ? "" : "; serves partitions " + field(health.body(), "servedPartitions"));
  }

  /** Instance {@code i}'s heap right after a full collection, and its resident set (RocksDB is off heap). */
  private static void printHeap(ResolverInstances resolvers, int i, String when) {
    System.out.printf("%s %s: heap after a full GC %.1f MB (jcmd GC.run, then GC.heap_info's used); resident set "
        + "%.1f MB%n", resolvers.get(i).name(), when, resolvers.heapAfterFullGc(i) / 1e6, resolvers.residentBytes(i) / 1e6);
  }

  /**
   * Restart-to-ready of instance 0, twice: stopped gracefully and started again on its state
   * directory (local state: RocksDB files and checkpoints kept), then stopped, its state directory
   * deleted, and started again (every store restored from its changelog: the replay-like baseline).
   * Each time: from the JVM's start to its management port answering (Spring up) and to healthy
   * (Streams RUNNING, DNC trusted), the changelog records it restored, its partitions, its heap.
   * With other instances, they first take over its partitions (timed); Streams then keeps tasks on
   * the caught-up instance, so a wiped instance 0 may become healthy with no partition and restore
   * warm-up copies in the background: that figure is not a restore time (its partitions are printed).
   */
  private static void restartPhase(ResolverInstances resolvers) throws Exception {
    for (boolean wipe : new boolean[] {false, true}) {
      String how = wipe ? "from replay (state dir deleted, restored from the changelogs)"
          : "from local state (same state dir)";
      resolvers.stop(0);
      if (!wipe) {
        printState(resolvers, 0, "after a graceful stop (memtables flushed)");
      }
      if (resolvers.count() > 1) {
        long t = System.nanoTime();
        awaitTakenOver(resolvers);
        System.out.printf("restart %s: the other instance(s) took over every partition (restoring instance 0's "
            + "from the changelogs) %.1f s after instance 0 stopped%n", how, secs(BenchData.since(t)));
      }
      if (wipe) {
        resolvers.deleteState(0);
      }
      long t = System.nanoTime();
      ServiceProcess restarted = resolvers.start(0);
      while (health(restarted) == null) {
        if (!restarted.handle().isAlive()) {
          throw new IllegalStateException(restarted.name() + " exited; see " + restarted.log());
        }
        Thread.sleep(100);
      }
      Duration springUp = BenchData.since(t);
      restarted.awaitHealthy(Duration.ofMinutes(60));
      Duration ready = BenchData.since(t);
      HttpResponse<String> health = health(restarted);
      String served = health == null ? "?" : field(health.body(), "servedPartitions");
      System.out.printf("restart %s: %s healthy (RUNNING, DNC trusted) %.1f s after its JVM started (management "
              + "port answering after %.1f s); %d changelog records restored; serves partitions %s%s%n", how,
          restarted.name(), secs(ready), secs(springUp), resolvers.restoredRecords(0), served,
          "[]".equals(served) ? " (none: Streams keeps them on the caught-up instance, so this is no restore time; "
              + "run --instances 1 for one)" : "");
      printHeap(resolvers, 0, "after the restart " + how);
    }
  }

  /** Waits until every instance but 0 is healthy and, together, they serve every partition. */
  private static void awaitTakenOver(ResolverInstances resolvers) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
    while (System.nanoTime() < deadline) {
      Set<String> served = new java.util.HashSet<>();
      boolean allUp = true;
      for (int i = 1; i < resolvers.count(); i++) {
        HttpResponse<String> health = health(resolvers.get(i));
        allUp &= health != null && health.statusCode() == 200;
        String partitions = health == null ? null : field(health.body(), "servedPartitions");
        if (partitions != null) {
          served.addAll(List.of(partitions.replaceAll("[\\[\\] ]", "").split(",")));
        }
      }
      served.remove("");
      if (allUp && served.size() == Topics.DNC_CHANGES.partitions()) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the other resolver instances did not take over every partition within 60 min");
  }

  /** An instance's {@code /actuator/health} answer (200 when healthy, 503 before), or null while it does not answer. */
  private static HttpResponse<String> health(ServiceProcess instance) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(instance.managementUrl()
          + "/actuator/health")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private interface Request {
    Object[] next(int i);
  }

  /** {id, key, bytes} of one bare round trip. */
  private static Object[] bareRequest() {
    String id = UUID.randomUUID().toString();
    byte[] value = new byte[300];
    byte[] idBytes = id.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(idBytes, 0, value, 0, idBytes.length);
    return new Object[] {id, id, value};
  }

  private static String bareId(byte[] value) {
    return new String(value, 0, 36, StandardCharsets.US_ASCII);
  }

  /** {id, key, bytes} of one call-start for a random contact of the dataset. */
  private static Object[] callRequest(BenchData data, Random random) {
    String phone = data.contactPhones.get(random.nextInt(data.contactPhones.size()));
    String callId = "call-" + UUID.randomUUID();
    CallStart start = CallStart.newBuilder().setEventId(UUID.randomUUID()).setWorkspaceId(BenchData.WORKSPACE)
        .setOccurredAt(java.time.Instant.now()).setSource("benchmark").setCallId(callId)
        .setCampaignId(BenchData.CAMPAIGN).setPhone(phone).setRuntimeVariables(Map.of("agent_name", "Ava")).build();
    return new Object[] {callId, Topics.key(BenchData.WORKSPACE, callId), CODEC.encode(start)};
  }

  private static java.util.function.Function<AgentVariables, Void> countStatus(Map<String, LongAdder> statuses) {
    return answer -> {
      statuses.computeIfAbsent(answer.getStatus().name(), s -> new LongAdder()).increment();
      return null;
    };
  }

  private static int oneAtATime(RoundTrips<?> trips, int n, Request request) {
    int lost = 0;
    for (int i = 0; i < n; i++) {
      Object[] r = request.next(i);
      if (!trips.call((String) r[0], (String) r[1], (byte[]) r[2], Duration.ofSeconds(5))) {
        lost++;
      }
    }
    return lost;
  }

  /** One rate window: its latencies, the requests never answered, and the CPU used meanwhile. */
  private record RateWindow(Latencies latencies, int lost, CpuUse cpu) {
  }

  /**
   * Sends at {@code rate}/s for {@code unmeasuredSeconds + seconds} without a break, calling
   * {@code startMeasuring} when the measured part begins, and notes the CPU the {@code children}
   * (may be none) and this JVM use from then until every request is answered or given up.
   */
  private static RateWindow atRate(RoundTrips<?> trips, int rate, int unmeasuredSeconds, int seconds, Request request,
                                   Supplier<Latencies> startMeasuring, List<ProcessHandle> children) {
    long interval = 1_000_000_000L / rate;
    long start = System.nanoTime();
    int unmeasured = rate * unmeasuredSeconds;
    Latencies latencies = null;
    CompletableFuture<CpuUse> cpuAtStart = null;
    for (int i = 0; i < unmeasured + rate * seconds; i++) {
      if (i == unmeasured) {
        latencies = startMeasuring.get();
        // read off the sending thread: listing a child's threads takes a few ms
        cpuAtStart = CompletableFuture.supplyAsync(() -> CpuUse.now(children));
      }
      long intended = start + i * interval;
      long wait;
      while ((wait = intended - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait); // one wake-up per send: the generator shares the cores it measures
      }
      Object[] r = request.next(i);
      trips.send((String) r[0], (String) r[1], (byte[]) r[2], intended);
    }
    int lost = trips.drain(Duration.ofSeconds(30));
    return new RateWindow(latencies, lost, cpuAtStart == null ? null : CpuUse.now(children).minus(cpuAtStart.join()));
  }

  /** The consumer group of the resolver's Kafka Streams application (its application id). */
  private static final String STREAMS_APPLICATION = "variable-resolver";
  /** The topics the resolver's state is built from. */
  private static final List<String> STATE_INPUTS = List.of(Topics.CONTACT_CHANGES.name(), Topics.AUDIENCE_ROWS.name(),
      Topics.DNC_CHANGES.name());

  /** The consumer group of the resolver's views before the Streams redesign (kept for older builds). */
  @SuppressWarnings("unused")
  private static String viewsGroup(String bootstrap) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      while (true) {
        List<String> groups = admin.listConsumerGroups().all().get().stream().map(g -> g.groupId())
            .filter(g -> g.startsWith(RESOLVER + "-views-")).toList();
        if (groups.size() == 1) {
          return groups.get(0);
        }
        if (groups.size() > 1) {
          throw new IllegalStateException("several resolver view groups: " + groups);
        }
        Thread.sleep(100);
      }
    }
  }

  /** Baseline of the readiness report: every contact-changes and audience-rows record read and decoded. */
  private static long readInputs(String bootstrap) {
    long read = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        // the resolver answers in Kafka transactions: never read an aborted answer
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(Topics.CONTACT_CHANGES.name(), Topics.AUDIENCE_ROWS.name())) {
        consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          Object event = record.topic().equals(Topics.CONTACT_CHANGES.name())
              ? CODEC.decode(ContactChange.class, record.value()) : CODEC.decode(AudienceRow.class, record.value());
          if (event != null) {
            read++;
          }
        }
      }
    }
    return read;
  }

  private static void configureCampaign(String base) throws IOException, InterruptedException {
    String body = """
        {"fallbackTimezone":"UTC","callingWindow":{"start":"00:00","end":"24:00"},
         "staticVariables":{"offer":"20% off"},
         "variables":[{"name":"first_name","binding":"contact.first_name","required":true},
                      {"name":"plan","binding":"row.Plan","required":true},
                      {"name":"company","binding":"contact.company"}]}""";
    HttpResponse<String> response = http(HttpRequest.newBuilder(URI.create(base + "/v1/campaigns/" + BenchData.CAMPAIGN
        + "/config")).PUT(HttpRequest.BodyPublishers.ofString(body)));
    if (response.statusCode() != 200) {
      throw new IllegalStateException("campaign config refused: " + response.body());
    }
  }

  private static String readinessReport(String base) throws IOException, InterruptedException {
    HttpResponse<String> started = http(HttpRequest.newBuilder(URI.create(base + "/v1/campaigns/" + BenchData.CAMPAIGN
        + "/readiness")).POST(HttpRequest.BodyPublishers.ofString("{\"importId\":\"" + BenchData.IMPORT_ID + "\"}")));
    if (started.statusCode() != 202) {
      throw new IllegalStateException("readiness report refused: " + started.body());
    }
    String reportId = field(started.body(), "reportId").replace("\"", "");
    while (true) {
      String report = http(HttpRequest.newBuilder(URI.create(base + "/v1/campaigns/" + BenchData.CAMPAIGN
          + "/readiness/" + reportId)).GET()).body();
      String status = field(report, "status");
      if (!"\"RUNNING\"".equals(status)) {
        if (!"\"COMPLETED\"".equals(status)) {
          throw new IllegalStateException("readiness report did not complete: " + report);
        }
        return report;
      }
      Thread.sleep(20);
    }
  }

  private static HttpResponse<String> http(HttpRequest.Builder request) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(request.header("Authorization", "Bearer " + API_KEY)
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A top-level JSON member as raw text (enough for the few fields printed here). */
  static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":(\\{[^}]*}|\\[[^\\]]*]|\"[^\"]*\"|[^,}]*)").matcher(json);
    return m.find() ? m.group(1) : null;
  }

  private static void createTopics(String bootstrap) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      List<NewTopic> topics = new ArrayList<>();
      for (Topic<?> topic : List.of(Topics.CONTACT_CHANGES, Topics.DNC_CHANGES, Topics.AUDIENCE_ROWS,
          Topics.CALL_STARTS, Topics.AGENT_VARIABLES)) {
        NewTopic created = new NewTopic(topic.name(), topic.partitions(), (short) 1);
        if (topic.compacted()) {
          created.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        topics.add(created);
      }
      topics.add(new NewTopic(BARE_TOPIC, 3, (short) 1));
      topics.add(new NewTopic(RelayJvm.IN, RELAY_PARTITIONS, (short) 1));
      topics.add(new NewTopic(RelayJvm.OUT, RELAY_PARTITIONS, (short) 1));
      admin.createTopics(topics).all().get();
    }
  }

  private static void awaitNoLag(String bootstrap, String group, List<String> topics) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      while (true) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (String topic : topics) {
          admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
              .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((p, info) -> ends.put(p, info.offset()));
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        boolean caughtUp = ends.entrySet().stream().allMatch(e -> e.getValue() == 0
            || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue()));
        if (caughtUp) {
          return;
        }
        Thread.sleep(200);
      }
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    Set<String> known = Set.of("contacts", "dnc", "rate", "seconds", "single", "store", "resolver-heap", "call-consumers", "guarantee", "commit-interval", "warm-up",
        "broker", "tail-windows", "rounds", "instances", "restart");
    for (int i = 0; i < args.length; i++) {
      String arg = args[i].replaceFirst("^--", "");
      String value;
      if (arg.contains("=")) {
        value = arg.substring(arg.indexOf('=') + 1);
        arg = arg.substring(0, arg.indexOf('='));
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("missing value for " + arg);
      }
      if (!known.contains(arg)) {
        throw new IllegalArgumentException("unknown option " + arg + " (known: " + known + ")");
      }
      options.put(arg, value);
    }
    return options;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
        : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
  }

  private static double secs(Duration d) {
    return d.toNanos() / 1e9;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String sha256(String key) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
  }
}
