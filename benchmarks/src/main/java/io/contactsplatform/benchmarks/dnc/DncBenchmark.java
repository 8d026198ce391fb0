package io.contactsplatform.benchmarks.dnc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.contactsplatform.benchmarks.WorkDirs;
import io.contactsplatform.dialer.DialerClient;
import io.contactsplatform.dncservice.dnc.DncEntry;
import io.contactsplatform.dncservice.dnc.DncNumber;
import io.contactsplatform.dncservice.dnc.DncStore;
import io.contactsplatform.events.call.start.CallStart;
import io.contactsplatform.events.call.variables.AgentVariables;
import io.contactsplatform.events.call.variables.ResolutionStatus;
import io.contactsplatform.localstack.LocalStack;
import io.contactsplatform.localstack.StackConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.slf4j.LoggerFactory;

/**
 * DNC benchmarks against the whole system started by {@link LocalStack} (a temp data dir, free
 * ports; the services' {@code -exec.jar}s must be built):
 * <ul>
 *   <li><b>check</b>: {@code POST /v1/dnc/check} of {@code --check-size} numbers (half listed) against
 *   {@code --entries} stored numbers, in numbers/s; baselines measured in the same run: the same
 *   lookups straight from the store ({@code _id $in} in chunks of {@link DncStore#LOOKUP_CHUNK} keys,
 *   one query at a time: the floor the API sits on) and libphonenumber parsing alone.</li>
 *   <li><b>import</b>: a national-registry flat file of {@code --lines} lines ({@code areacode,number})
 *   uploaded in REPLACE mode, in lines/s, with dnc-service's heap sampled every second while it runs
 *   (the service runs with {@code -Xmx384m}: a file far larger than the heap shows memory stays flat).
 *   Baseline: the same file streamed through FastCSV and libphonenumber in this process.</li>
 *   <li><b>propagation</b>: {@code --adds} times, a DNC add through the API, then call-starts for that
 *   number until the resolver answers BLOCKED_DNC; p50/p99 from before the POST to that answer.
 *   Baseline: one call-start round trip (READY) for the same number just before the add. Also
 *   shown: when the add's dnc-changes record reaches a consumer (dnc-service's own share).</li>
 * </ul>
 * Usage: {@code dnc [all|check|import|propagation] [--entries 5000000] [--check-size 50000]
 * [--adds 200] [--rounds 5] [--lines 1000000]} ({@code all} runs check and propagation). Run it alone on the machine; figures are ratios against the baselines.
 */
public final class DncBenchmark {

  private static final String WORKSPACE = "demo";
  private static final String KEY = "demo-key";
  private static final int[] AREAS = {212, 312, 415, 646, 718, 202, 305, 404, 617, 713};
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final LocalStack stack;

  private DncBenchmark(LocalStack stack) {
    this.stack = stack;
  }

  public static void main(String[] args) throws Exception {
    quietLogs();
    Map<String, String> options = options(args);
    String what = options.getOrDefault("", "all");
    int entries = Integer.parseInt(options.getOrDefault("entries", "5000000"));
    int checkSize = Integer.parseInt(options.getOrDefault("check-size", "50000"));
    int adds = Integer.parseInt(options.getOrDefault("adds", "200"));
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
    int lines = Integer.parseInt(options.getOrDefault("lines", "1000000"));
    Path root = Path.of(System.getenv().getOrDefault("PLATFORM_ROOT", ".")).toAbsolutePath().normalize();
    Path data = WorkDirs.create("dnc-benchmark-");
    StackConfig config = new StackConfig(root, data, "127.0.0.1", freePort(), freePort(), freePort(),
        Map.of(StackConfig.CONTACT, freePort(), StackConfig.IMPORT, freePort(), StackConfig.DNC, freePort(),
            StackConfig.RESOLVER, freePort()));
    System.out.printf("DNC benchmark: %s, entries=%d, check-size=%d, adds=%d, rounds=%d, data in %s%n", what,
        entries, checkSize, adds, rounds, data);
    long start = System.nanoTime();
    try (LocalStack stack = LocalStack.start(config)) {
      System.out.printf("stack up in %.1f s%n", (System.nanoTime() - start) / 1e9);
      DncBenchmark benchmark = new DncBenchmark(stack);
      if (what.equals("all") || what.equals("check")) {
        benchmark.check(entries, checkSize, rounds);
      }
      if (what.equals("import")) {
        benchmark.importFile(lines, data);
      }
      if (what.equals("all") || what.equals("propagation")) {
        benchmark.propagation(adds);
      }
    }
  }

  // ---- bulk check ------------------------------------------------------------------------------

  void check(int entries, int checkSize, int rounds) throws Exception {
    List<String> checked = new ArrayList<>(checkSize);
    try (MongoClient client = MongoClients.create(stack.mongoConnectionString())) {
      MongoCollection<Document> numbers = client.getDatabase("dnc").getCollection("dnc_numbers");
      long seedStart = System.nanoTime();
      seed(numbers, entries);
      System.out.printf("seeded %,d DNC numbers in %.1f s%n", entries, (System.nanoTime() - seedStart) / 1e9);
      for (int i = 0; i < checkSize; i++) {
        checked.add(i % 2 == 0 ? phone((long) i * entries / checkSize) : phone(entries + i));
      }
      String body = JSON.writeValueAsString(Map.of("phones", checked));

      JsonNode warm = post("/v1/dnc/check", body);
      int blocked = warm.get("blocked").asInt();
      System.out.printf("check answers %d results, %d blocked%n", warm.get("total").asInt(), blocked);

      List<Double> api = new ArrayList<>();
      List<Double> store = new ArrayList<>();
      List<Double> parse = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        long t0 = System.nanoTime();
        post("/v1/dnc/check", body);
        api.add(checkSize / ((System.nanoTime() - t0) / 1e9));

        t0 = System.nanoTime();
        long found = 0;
        for (int i = 0; i < checked.size(); i += DncStore.LOOKUP_CHUNK) {
          List<String> keys = checked.subList(i, Math.min(checked.size(), i + DncStore.LOOKUP_CHUNK)).stream()
              .map(p -> DncNumber.key(WORKSPACE, p)).toList();
          for (Document ignored : numbers.find(Filters.in("_id", keys))) {
            found++;
          }
        }
        store.add(checkSize / ((System.nanoTime() - t0) / 1e9));
        if (found != blocked) {
          System.out.printf("warning: store found %d, API said %d blocked%n", found, blocked);
        }

        t0 = System.nanoTime();
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        int valid = 0;
        for (String p : checked) {
          try {
            valid += util.isValidNumber(util.parse(p, "US")) ? 1 : 0;
          } catch (NumberParseException e) {
            // counted as invalid
          }
        }
        parse.add(checkSize / ((System.nanoTime() - t0) / 1e9));
        if (valid != checkSize) {
          System.out.printf("warning: %d of %d checked numbers are not valid%n", checkSize - valid, checkSize);
        }
      }
      double apiRate = median(api);
      double storeRate = median(store);
      double parseRate = median(parse);
      System.out.println();
      System.out.println("== bulk check: " + String.format("%,d", checkSize) + " numbers against "
          + String.format("%,d", entries) + " stored numbers (median of " + rounds + " rounds) ==");
      System.out.printf("  POST /v1/dnc/check            %,12.0f numbers/s  (%.2f s per request)%n", apiRate,
          checkSize / apiRate);
      System.out.printf("  baseline: store _id $in only  %,12.0f numbers/s  -> API at %.2fx of the store floor%n",
          storeRate, apiRate / storeRate);
      System.out.printf("  baseline: libphonenumber only %,12.0f numbers/s  -> API at %.2fx of parsing alone%n",
          parseRate, apiRate / parseRate);
    }
  }

  private static void seed(MongoCollection<Document> numbers, int entries) {
    Instant now = Instant.now();
    List<Document> batch = new ArrayList<>(5_000);
    for (int i = 0; i < entries; i++) {
      String phone = phone(i);
      DncEntry entry = new DncEntry(UUID.randomUUID().toString(), DncEntry.Scope.WORKSPACE, null,
          DncEntry.Source.NATIONAL_REGISTRY, "national registry", "benchmark", now, null, null, null, null, false,
          null, 1, 0, 0);
      batch.add(DncStore.toDocument(new DncNumber(WORKSPACE, phone, 1, List.of(entry), List.of())));
      if (batch.size() == 5_000) {
        numbers.insertMany(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      numbers.insertMany(batch);
    }
  }

  /** The i-th of a sequence of distinct valid US numbers. */
  static String phone(long i) {
    long line = 2_000_000 + i / AREAS.length;
    return "+1" + AREAS[(int) (i % AREAS.length)] + String.format("%07d", line);
  }

  // ---- import ----------------------------------------------------------------------------------

  void importFile(int lines, Path data) throws Exception {
    Path file = data.resolve("registry.txt");
    try (var out = Files.newBufferedWriter(file)) {
      for (long i = 0; i < lines; i++) {
        String digits = phone(i).substring(2);
        out.write(digits.substring(0, 3) + "," + digits.substring(3) + "\n");
      }
    }
    long t0 = System.nanoTime();
    long parsed = 0;
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    try (var reader = de.siegmar.fastcsv.reader.CsvReader.builder().ofCsvRecord(file)) {
      for (var record : reader) {
        try {
          parsed += util.isValidNumber(util.parse("+1" + record.getField(0) + record.getField(1), "US")) ? 1 : 0;
        } catch (NumberParseException e) {
          // not counted
        }
      }
    }
    double parseRate = lines / ((System.nanoTime() - t0) / 1e9);

    String boundary = "dnc-benchmark-" + UUID.randomUUID();
    HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.concat(
        HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"options\""
            + "\r\nContent-Type: application/json\r\n\r\n{\"mode\":\"REPLACE\"}\r\n--" + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"registry.txt\"\r\n"
            + "Content-Type: text/plain\r\n\r\n"),
        HttpRequest.BodyPublishers.ofFile(file),
        HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n"));
    t0 = System.nanoTime();
    HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(
            URI.create(stack.url(StackConfig.DNC) + "/v1/dnc/imports"))
        .header("Authorization", "Bearer " + KEY).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(body).build(), HttpResponse.BodyHandlers.ofString());
    if (accepted.statusCode() != 202) {
      throw new IllegalStateException("import answered " + accepted.statusCode() + ": " + accepted.body());
    }
    String importId = JSON.readTree(accepted.body()).get("importId").asText();
    System.out.printf("  upload of %,d lines (%,d MiB) accepted after %.1f s; progress every 60 s:%n", lines,
        Files.size(file) >> 20, (System.nanoTime() - t0) / 1e9);
    long maxHeap = 0;
    long maxLive = 0;
    long resolverLive = 0;
    long lastReport = System.nanoTime();
    JsonNode job;
    do {
      sleep(1000);
      maxHeap = Math.max(maxHeap, metric(StackConfig.DNC, "jvm_memory_used_bytes{", "area=\"heap\""));
      long live = metric(StackConfig.DNC, "jvm_gc_live_data_size_bytes", "");
      maxLive = Math.max(maxLive, live);
      resolverLive = Math.max(resolverLive, metric(StackConfig.RESOLVER, "jvm_gc_live_data_size_bytes", ""));
      job = get(StackConfig.DNC, "/v1/dnc/imports/" + importId);
      if (System.nanoTime() - lastReport > 60_000_000_000L) {
        lastReport = System.nanoTime();
        System.out.printf("  t=%4.0f s  %s %3d%%  added %,11d  live heap after GC %4d MiB (max so far %d);"
                + " resolver's max so far %d MiB%n", (lastReport - t0) / 1e9, job.get("status").asText(),
            job.get("progress").asInt(), job.get("added").asLong(), live >> 20, maxLive >> 20, resolverLive >> 20);
      }
    } while (!job.get("status").asText().equals("COMPLETED") && !job.get("status").asText().equals("FAILED"));
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.println();
    System.out.println("== import: national-registry file, " + String.format("%,d", lines) + " lines ("
        + Files.size(file) / (1 << 20) + " MiB), REPLACE ==");
    System.out.printf("  status %s: %,d added, %,d rejected, in %.1f s -> %,.0f lines/s%n", job.get("status").asText(),
        job.get("added").asLong(), job.get("rejectedRows").asLong(), seconds, lines / seconds);
    System.out.printf("  baseline: FastCSV + libphonenumber alone %,.0f lines/s (%,d valid) -> import at %.3fx%n",
        parseRate, parsed, lines / seconds / parseRate);
    System.out.printf("  dnc-service heap used, max of 1 s samples: %,d MiB; live heap after GC at most %,d MiB "
        + "(service runs with -Xmx384m)%n", maxHeap >> 20, maxLive >> 20);
    System.out.printf("  variable-resolver-service (holds every DNC number in memory): live heap after GC at most %,d MiB"
        + " (-Xmx1g)%n", resolverLive >> 20);
  }

  /** Sum of a service's Prometheus samples whose line starts with {@code name} and contains {@code filter}. */
  private long metric(String service, String name, String filter) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(
              URI.create(stack.managementUrl(service) + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
      long used = 0;
      for (String line : response.body().split("\n")) {
        if (line.startsWith(name) && line.contains(filter)) {
          used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return used;
    } catch (IOException | InterruptedException | RuntimeException e) {
      return 0;
    }
  }

  private JsonNode get(String service, String path) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stack.url(service) + path))
        .header("Authorization", "Bearer " + KEY).build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  // ---- propagation -----------------------------------------------------------------------------

  void propagation(int adds) throws Exception {
    String campaign = "dnc-bench-" + UUID.randomUUID().toString().substring(0, 8);
    put(StackConfig.RESOLVER, "/v1/campaigns/" + campaign + "/variables", "{\"allowUnknownContacts\":true}");
    List<Long> propagation = new ArrayList<>();
    List<Long> posts = new ArrayList<>();
    List<Long> baseline = new ArrayList<>();
    List<Long> resolverSide = new ArrayList<>();
    List<Long> published = new ArrayList<>();
    int timeouts = 0;
    try (DialerClient dialer = new DialerClient(stack.bootstrapServers());
         ChangeWatcher watcher = new ChangeWatcher(stack.bootstrapServers())) {
      awaitReady(dialer, campaign);
      for (int i = 0; i < adds; i++) {
        String phone = "+1503" + String.format("%07d", 2_000_000 + i);
        CallStart probe = callStart(campaign, phone);
        long b0 = System.nanoTime();
        Optional<AgentVariables> before = dialer.call(probe, Duration.ofSeconds(10));
        baseline.add(System.nanoTime() - b0);
        before.ifPresent(a -> resolverSide.add(
            Duration.between(probe.getOccurredAt(), a.getOccurredAt()).toNanos()));
        if (before.isEmpty() || before.get().getStatus() != ResolutionStatus.READY) {
          throw new IllegalStateException("expected READY before the add, got "
              + before.map(a -> a.getStatus() + " " + a.getReason()).orElse("no answer"));
        }
        long t0 = System.nanoTime();
        post("/v1/dnc", "{\"phone\":\"" + phone + "\",\"reason\":\"benchmark\"}");
        posts.add(System.nanoTime() - t0);
        long deadline = t0 + Duration.ofSeconds(10).toNanos();
        boolean blocked = false;
        while (!blocked && System.nanoTime() < deadline) {
          Optional<AgentVariables> answer = dialer.call(callStart(campaign, phone), Duration.ofSeconds(10));
          if (answer.isPresent() && answer.get().getStatus() == ResolutionStatus.BLOCKED_DNC) {
            propagation.add(System.nanoTime() - t0);
            blocked = true;
          }
        }
        if (!blocked) {
          timeouts++;
        }
        Long seen = watcher.await(WORKSPACE + ":" + phone, Duration.ofSeconds(10));
        if (seen != null) {
          published.add(seen - t0);
        }
      }
    }
    System.out.println();
    System.out.println("== propagation: DNC add via API -> call-start answered BLOCKED_DNC (" + adds + " adds) ==");
    System.out.printf("  add -> blocked       p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms  (target p99 <= 500 ms: %s)%n",
        pct(propagation, 50), pct(propagation, 99), pct(propagation, 100),
        pct(propagation, 99) <= 500 ? "met" : "NOT met");
    System.out.printf("  POST /v1/dnc alone   p50 %7.1f ms  p99 %7.1f ms%n", pct(posts, 50), pct(posts, 99));
    System.out.printf("  add -> its dnc-changes record read by a consumer p50 %7.1f ms  p99 %7.1f ms%n",
        pct(published, 50), pct(published, 99));
    System.out.printf("  baseline: one call-start round trip p50 %7.1f ms  p99 %7.1f ms -> propagation p50 %.1fx, "
        + "p99 %.1fx of it%n", pct(baseline, 50), pct(baseline, 99), pct(propagation, 50) / pct(baseline, 50),
        pct(propagation, 99) / pct(baseline, 99));
    System.out.printf("    of which call-start occurredAt -> agent-variables occurredAt p50 %7.1f ms  p99 %7.1f ms "
        + "(ms clock resolution)%n", pct(resolverSide, 50), pct(resolverSide, 99));
    if (timeouts > 0) {
      System.out.printf("  %d add(s) not blocked within 10 s%n", timeouts);
    }
  }

  /** Notes when each dnc-changes key is first seen (nanoTime), reading from the end of the topic. */
  private static final class ChangeWatcher implements AutoCloseable {
    private final Map<String, Long> firstSeen = new java.util.concurrent.ConcurrentHashMap<>();
    private final org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    ChangeWatcher(String bootstrapServers) {
      consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(Map.of(
          "bootstrap.servers", bootstrapServers, "group.id", "dnc-benchmark-" + UUID.randomUUID(),
          "enable.auto.commit", false),
          new org.apache.kafka.common.serialization.StringDeserializer(),
          new org.apache.kafka.common.serialization.ByteArrayDeserializer());
      var partitions = consumer.partitionsFor("dnc-changes", Duration.ofSeconds(30)).stream()
          .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
      thread = new Thread(() -> {
        while (running) {
          for (var record : consumer.poll(Duration.ofMillis(20))) {
            firstSeen.putIfAbsent(record.key(), System.nanoTime());
          }
        }
        consumer.close(Duration.ofSeconds(5));
      }, "dnc-changes-watcher");
      thread.start();
    }

    Long await(String key, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        Long seen = firstSeen.get(key);
        if (seen != null) {
          return seen;
        }
        sleep(5);
      }
      return null;
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join(10_000);
    }
  }

  private static void awaitReady(DialerClient dialer, String campaign) {
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      Optional<AgentVariables> answer = dialer.call(callStart(campaign, "+15039999999"), Duration.ofSeconds(10));
      if (answer.isPresent() && answer.get().getStatus() == ResolutionStatus.READY) {
        return;
      }
      last = answer.map(a -> a.getStatus() + " " + a.getReason()).orElse("no answer");
      sleep(500);
    }
    throw new IllegalStateException("resolver never answered READY: " + last);
  }

  private static CallStart callStart(String campaign, String phone) {
    return CallStart.newBuilder()
        .setEventId(UUID.randomUUID())
        .setWorkspaceId(WORKSPACE)
        .setOccurredAt(Instant.now())
        .setSource("dnc-benchmark")
        .setCallId("bench-" + UUID.randomUUID())
        .setCampaignId(campaign)
        .setPhone(phone)
        .build();
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private JsonNode post(String path, String body) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stack.url(StackConfig.DNC) + path))
        .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
        .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": "
          + response.body().substring(0, Math.min(500, response.body().length())));
    }
    return JSON.readTree(response.body());
  }

  private void put(String service, String path, String body) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stack.url(service) + path))
        .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException("PUT " + path + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  /** Percentile (nearest rank) in milliseconds. */
  static double pct(List<Long> nanos, int percentile) {
    if (nanos.isEmpty()) {
      return Double.NaN;
    }
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))) / 1e6;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--") && i + 1 < args.length) {
        options.put(args[i].substring(2), args[++i]);
      } else {
        options.put("", args[i].toLowerCase(Locale.ROOT));
      }
    }
    return options;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static void quietLogs() {
    if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
      context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
