package io.contactsplatform.benchmarks.contacts;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import io.contactsplatform.benchmarks.WorkDirs;
import io.contactsplatform.contactservice.ContactServiceApplication;
import io.contactsplatform.contactservice.search.ContactSearch;
import io.contactsplatform.events.contact.result.ContactUpsertResult;
import io.contactsplatform.events.contact.result.UpsertOutcome;
import io.contactsplatform.events.contact.upsert.ContactData;
import io.contactsplatform.events.contact.upsert.ContactUpsert;
import io.contactsplatform.events.contact.upsert.DuplicatePolicy;
import io.contactsplatform.localstack.EmbeddedMongo;
import io.contactsplatform.localstack.KafkaKraftBroker;
import io.contactsplatform.schemas.SingleObjectEventCodec;
import io.contactsplatform.schemas.Topics;
import io.contactsplatform.support.ids.TimeOrderedIds;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Contacts benchmark: {@code java -Xmx8g -jar benchmarks/target/benchmarks-0.1.0-SNAPSHOT-exec.jar
 * contacts [contacts] [--store h2|memory] [--samples n]} (default 1,000,000 contacts on the H2
 * file store, 20 samples). Starts an embedded KRaft broker, mongo-java-server and contact-service
 * in this JVM, then measures, each next to a baseline taken in the same run on the same store:
 * <ul>
 *   <li>load: every contact sent as a contact-upsert and answered (the batched upsert path)
 *       vs. the store's raw bulk write of the documents contact-service writes for the same
 *       upserts, contact plus phone key (insertMany of 1,000, at most 100,000 rows into a scratch
 *       database, documents built before the clock starts), in five interleaved rounds after a
 *       warm-up of 2,000 rows each, so a noisy machine weighs on both alike (the load figure
 *       counts the contacts only, the warm-up rows stay in the store);</li>
 *   <li>search: p50/p99 of {@code POST /v1/contacts/search} with a two-condition filter
 *       (company = one of 100 values, cf:score &gt;= 50) returning a page and the total vs. the
 *       same query and count through the driver;</li>
 *   <li>segment count: p50/p99 of {@code GET /v1/segments/{id}/count} for a dynamic segment
 *       (tags has "vip") vs. the driver's count;</li>
 *   <li>export: rows/s of {@code GET /v1/contacts/export} (every active contact, streamed) vs.
 *       reading every document through the driver; the live heap (after a full GC) before the export and
 *       halfway through it.</li>
 * </ul>
 * The store has no secondary indexes (mongo-java-server builds none), so every search scans.
 */
public final class ContactsBenchmark {

  private static final String WORKSPACE = "bench";
  private static final int ROUNDS = 5;
  private static final String KEY = "bench-key";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String[] FIRST = {"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken",
      "Margaret", "Linus", "Radia", "Tim", "Katherine", "John", "Hedy", "Dennis"};
  private static final String[] LAST = {"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen",
      "Thompson", "Hamilton", "Torvalds", "Perlman", "Berners-Lee", "Johnson", "McCarthy", "Lamarr", "Ritchie"};
  private static final int[] AREA_CODES = {212, 213, 312, 415, 617, 646, 702, 718, 773, 818, 917, 305};
  private static final int[] EXCHANGES = exchanges();
  private static final String TWO_CONDITIONS = """
      {"all": [{"field": "company", "op": "eq", "value": "Acme 7"},
               {"field": "cf:score", "op": "gte", "value": 50}]}""";
  private static final String SEGMENT_FILTER = "{\"field\": \"tags\", \"op\": \"eq\", \"value\": \"vip\"}";

  private ContactsBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int contacts = 1_000_000;
    String store = "h2";
    int samples = 20;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--store" -> store = args[++i];
        case "--samples" -> samples = Integer.parseInt(args[++i]);
        default -> contacts = Integer.parseInt(args[i].replace("_", ""));
      }
    }
    Path dir = WorkDirs.create("contacts-benchmark-");
    System.out.printf("contacts benchmark: %,d contacts, %s store, %d samples, work dir %s%n", contacts, store,
        samples, dir);
    SingleObjectEventCodec.trustEventClasses();
    try (KafkaKraftBroker broker = new KafkaKraftBroker(dir.resolve("kafka"), "127.0.0.1", freePort(), freePort()).start();
         EmbeddedMongo mongo = ("memory".equals(store) ? EmbeddedMongo.inMemory("127.0.0.1", 0)
             : EmbeddedMongo.onDisk(dir.resolve("store.mv"), "127.0.0.1", freePort())).start();
         MongoClient driver = MongoClients.create(mongo.connectionString())) {
      int port = freePort();
      try (ConfigurableApplicationContext service = startService(broker.bootstrapServers(), mongo.connectionString(), port)) {
        String base = "http://127.0.0.1:" + port;
        post(base + "/v1/custom-fields", "{\"key\":\"plan\",\"type\":\"ENUM\",\"allowedValues\":[\"gold\",\"silver\","
            + "\"bronze\"],\"owner\":\"benchmark\"}");
        post(base + "/v1/custom-fields", "{\"key\":\"score\",\"type\":\"NUMBER\",\"owner\":\"benchmark\"}");

        int baselineRows = Math.min(contacts, 100_000);
        double rawSeconds = 0;
        double loadSeconds = 0;
        try (UpsertLoader loader = new UpsertLoader(broker.bootstrapServers())) {
          int warmUp = Math.min(2_000, contacts);
          rawBulkWrite(driver.getDatabase("warm-up"), 0, warmUp);
          driver.getDatabase("warm-up").drop();
          loader.load(contacts, contacts + warmUp);
          for (int round = 0; round < ROUNDS; round++) {
            int rawFrom = baselineRows * round / ROUNDS;
            rawSeconds += rawBulkWrite(driver.getDatabase("baseline"), rawFrom, baselineRows * (round + 1) / ROUNDS);
            int from = (int) ((long) contacts * round / ROUNDS);
            loadSeconds += loader.load(from, (int) ((long) contacts * (round + 1) / ROUNDS));
          }
        }
        driver.getDatabase("baseline").drop();
        double raw = baselineRows / rawSeconds;
        double load = contacts / loadSeconds;
        System.out.printf("%-58s %,12.0f rows/s%n", "baseline: raw bulk write, contact + phone key (1,000/insert)", raw);
        System.out.printf("%-58s %,12.0f rows/s  (%.2f x baseline)%n", "load: contact-upserts applied and answered",
            load, load / raw);

        MongoCollection<Document> stored = driver.getDatabase("contacts").getCollection("contacts");
        Bson twoConditions = ContactSearch.compile(WORKSPACE, parse(TWO_CONDITIONS), null, definitions()).query();
        Latencies rawSearch = Latencies.measure(samples, () -> {
          stored.find(twoConditions).sort(new Document("createdAt", 1).append("_id", 1)).limit(51)
              .into(new ArrayList<>());
          stored.countDocuments(twoConditions);
        });
        String searchBody = "{\"filter\": " + TWO_CONDITIONS + ", \"pageSize\": 50}";
        String firstPage = post(base + "/v1/contacts/search", searchBody);
        Latencies search = Latencies.measure(samples, () -> post(base + "/v1/contacts/search", searchBody));
        System.out.printf("search (2 conditions + total, %s)%n", between(firstPage, "\"total\":", "}"));
        report("  driver: find page + count", rawSearch, rawSearch);
        report("  POST /v1/contacts/search", search, rawSearch);

        String segment = post(base + "/v1/segments", "{\"name\":\"VIP\",\"type\":\"DYNAMIC\",\"filter\":"
            + SEGMENT_FILTER + "}");
        String segmentId = between(segment, "\"id\":\"", "\"");
        Bson vip = ContactSearch.compile(WORKSPACE, parse(SEGMENT_FILTER), null, definitions()).query();
        Latencies rawCount = Latencies.measure(samples, () -> stored.countDocuments(vip));
        String counted = get(base + "/v1/segments/" + segmentId + "/count");
        Latencies count = Latencies.measure(samples, () -> get(base + "/v1/segments/" + segmentId + "/count"));
        System.out.printf("segment count (%s)%n", between(counted, "\"count\":", ",}"));
        report("  driver: count", rawCount, rawCount);
        report("  GET /v1/segments/{id}/count", count, rawCount);

        long started = System.nanoTime();
        long read = 0;
        for (Document ignored : stored.find(new Document("workspaceId", WORKSPACE)).batchSize(1000)) {
          read++;
        }
        double rawRows = read / seconds(started);
        long liveBefore = liveHeap();
        long[] liveMidway = new long[1];
        started = System.nanoTime();
        long[] exported = export(base + "/v1/contacts/export", read / 2, () -> liveMidway[0] = liveHeap());
        double exportRows = exported[0] / seconds(started);
        System.out.printf("%-58s %,12.0f rows/s%n", "export baseline: driver reads every document", rawRows);
        System.out.printf("%-58s %,12.0f rows/s  (%.2f x baseline; %,d rows, %,d bytes)%n",
            "GET /v1/contacts/export", exportRows, exportRows / rawRows, exported[0], exported[1]);
        System.out.printf("  live heap (after a full GC; this JVM also holds the store): before the export %,d MB, "
            + "halfway through it %,d MB (%+,d MB)%n", liveBefore >> 20, liveMidway[0] >> 20,
            (liveMidway[0] - liveBefore) >> 20);
      }
    }
  }

  private static ConfigurableApplicationContext startService(String bootstrap, String mongoUri, int port)
      throws Exception {
    return new SpringApplicationBuilder(ContactServiceApplication.class)
        .properties(
            "spring.config.name=contacts-benchmark",
            "spring.application.name=contact-service",
            "server.port=" + port,
            "spring.mongodb.uri=" + mongoUri + "/contacts",
            "spring.kafka.bootstrap-servers=" + bootstrap,
            "spring.kafka.consumer.group-id=contact-service",
            "spring.kafka.consumer.auto-offset-reset=earliest",
            "spring.kafka.producer.acks=all",
            "spring.kafka.producer.properties.linger.ms=5",
            "spring.kafka.producer.properties.enable.idempotence=true",
            "spring.webflux.problemdetails.enabled=true",
            "spring.reactor.netty.shutdown-quiet-period=0s",
            "logging.level.root=WARN",
            "platform.auth.workspaces[0].id=" + WORKSPACE,
            "platform.auth.workspaces[0].api-key-sha256=" + sha256(KEY))
        .run();
  }

  /**
   * Inserts rows {@code [first, last)} as contact-service stores a new contact: the document it
   * writes for the very upsert the load sends for that row (same generator and seed; same shape:
   * no null members, no DNC state, one upsert mark, the search text) and its phone key, 1,000 per
   * insertMany; the seconds the inserts took (the documents are built before the clock starts).
   */
  private static double rawBulkWrite(MongoDatabase database, int first, int last) {
    MongoCollection<Document> documents = database.getCollection("contacts");
    MongoCollection<Document> keys = database.getCollection("contact_keys");
    Random random = new Random(first);
    List<List<Document>> batches = new ArrayList<>();
    List<List<Document>> keyBatches = new ArrayList<>();
    for (int from = first; from < last; from += 1000) {
      List<Document> batch = new ArrayList<>();
      List<Document> keyBatch = new ArrayList<>();
      for (int i = from; i < Math.min(last, from + 1000); i++) {
        ContactUpsert upsert = upsert("baseline", i, random);
        String id = TimeOrderedIds.next();
        batch.add(storedDocument(id, upsert));
        keyBatch.add(new Document("_id", WORKSPACE + "|phone|" + upsert.getContact().getPhoneE164()).append("contactId", id));
      }
      batches.add(batch);
      keyBatches.add(keyBatch);
    }
    long started = System.nanoTime();
    for (int b = 0; b < batches.size(); b++) {
      documents.insertMany(batches.get(b), new InsertManyOptions().ordered(true));
      keys.insertMany(keyBatches.get(b), new InsertManyOptions().ordered(true));
    }
    return seconds(started);
  }

  /** The document contact-service stores for a new contact made from {@code upsert} (see ContactDocuments). */
  private static Document storedDocument(String id, ContactUpsert upsert) {
    ContactData c = upsert.getContact();
    Date now = new Date();
    Document custom = new Document();
    c.getCustomFields().forEach((key, value) -> custom.append(key, "score".equals(key) ? Long.valueOf(value.toString()) : value));
    String searchText = String.join(" ", c.getFirstName().toLowerCase(Locale.ROOT), c.getLastName().toLowerCase(Locale.ROOT),
        c.getEmail().toLowerCase(Locale.ROOT), c.getCompany().toLowerCase(Locale.ROOT), c.getPhoneE164().substring(1));
    return new Document("_id", id).append("workspaceId", WORKSPACE).append("phoneE164", c.getPhoneE164())
        .append("firstName", c.getFirstName()).append("lastName", c.getLastName()).append("email", c.getEmail())
        .append("company", c.getCompany()).append("timezoneSource", "UNKNOWN").append("timezoneCandidates", List.of())
        .append("tags", new ArrayList<>(c.getTags())).append("doNotCall", false).append("customFields", custom)
        .append("source", upsert.getSource()).append("status", "ACTIVE").append("createdAt", now).append("updatedAt", now)
        .append("version", 1L).append("searchText", searchText)
        .append("recentUpserts", List.of(upsert.getEventId() + ":CREATED"));
  }

  /**
   * Sends contacts as upserts and waits for their answers; producer and reader stay open across
   * rounds so each round measures contact-service, not client start-up.
   */
  static final class UpsertLoader implements AutoCloseable {
    private final SingleObjectEventCodec codec = new SingleObjectEventCodec();
    private final String importId = "benchmark-" + UUID.randomUUID();
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private long rejected;

    UpsertLoader(String bootstrap) {
      producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 10,
          ProducerConfig.BATCH_SIZE_CONFIG, 262_144, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
          new StringSerializer(), new ByteArraySerializer());
      consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          ConsumerConfig.GROUP_ID_CONFIG, "benchmark-" + UUID.randomUUID(),
          ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new StringDeserializer(), new ByteArrayDeserializer());
      List<TopicPartition> partitions = new ArrayList<>();
      for (int p = 0; p < Topics.CONTACT_UPSERT_RESULTS.partitions(); p++) {
        partitions.add(new TopicPartition(Topics.CONTACT_UPSERT_RESULTS.name(), p));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }

    /** Upserts rows {@code [from, to)} and waits for their answers; the seconds from first send to last answer. */
    double load(int from, int to) {
      long started = System.nanoTime();
      Random random = new Random(from);
      Thread sender = new Thread(() -> {
        for (int i = from; i < to; i++) {
          ContactUpsert upsert = upsert(importId, i, random);
          producer.send(new ProducerRecord<>(Topics.CONTACT_UPSERTS.name(),
              Topics.key(WORKSPACE, upsert.getContact().getPhoneE164()), codec.encode(upsert)));
        }
        producer.flush();
      }, "benchmark-producer");
      sender.start();
      long answered = 0;
      long lastReport = System.nanoTime();
      long deadline = System.nanoTime() + Duration.ofHours(2).toNanos();
      while (answered < to - from && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          ContactUpsertResult result = codec.decode(ContactUpsertResult.class, record.value());
          if (importId.equals(result.getImportId())) {
            answered++;
            if (result.getOutcome() == UpsertOutcome.REJECTED) {
              rejected++;
            }
          }
        }
        if (System.nanoTime() - lastReport > 10_000_000_000L) {
          lastReport = System.nanoTime();
          System.out.printf("  ... rows %,d-%,d: %,d answered (%,.0f/s)%n", from, to, answered,
              answered / seconds(started));
        }
      }
      try {
        sender.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (answered < to - from || rejected > 0) {
        System.out.printf("WARNING: rows %,d-%,d: %,d answered, %,d rejected so far%n", from, to, answered, rejected);
      }
      return seconds(started);
    }

    @Override
    public void close() {
      producer.close();
      consumer.close();
    }
  }

  private static ContactUpsert upsert(String importId, int i, Random random) {
    List<String> tags = random.nextInt(10) == 0 ? List.of("vip", "spring") : List.of("spring");
    Map<String, Object> custom = Map.of("plan", List.of("gold", "silver", "bronze").get(random.nextInt(3)),
        "score", String.valueOf(random.nextInt(100)));
    String first = FIRST[random.nextInt(FIRST.length)];
    String last = LAST[random.nextInt(LAST.length)];
    return ContactUpsert.newBuilder()
        .setEventId(UUID.randomUUID())
        .setWorkspaceId(WORKSPACE)
        .setOccurredAt(Instant.now())
        .setSource("benchmark")
        .setImportId(importId)
        .setRowNumber((long) i + 1)
        .setDuplicatePolicy(DuplicatePolicy.MERGE)
        .setContact(ContactData.newBuilder()
            .setPhoneE164(phone(i))
            .setFirstName(first)
            .setLastName(last)
            .setEmail(first.toLowerCase() + "." + i + "@example.com")
            .setCompany("Acme " + random.nextInt(100))
            .setTags(tags)
            .setCustomFields(custom)
            .build())
        .build();
  }

  /** The i-th of about 83 million distinct valid North American numbers. */
  static String phone(int i) {
    int line = i % 10_000;
    int rest = i / 10_000;
    int exchange = EXCHANGES[rest % EXCHANGES.length];
    int area = AREA_CODES[(rest / EXCHANGES.length) % AREA_CODES.length];
    return String.format("+1%d%d%04d", area, exchange, line);
  }

  private static int[] exchanges() {
    return java.util.stream.IntStream.range(200, 1000).filter(x -> x % 100 != 11 && x != 555 && x != 958 && x != 959)
        .toArray();
  }

  /**
   * Streams the export to the end, counting rows and bytes; {@code atRow} runs once when
   * {@code midRow} rows have been read (the export still open on the server).
   */
  private static long[] export(String url, long midRow, Runnable atRow) throws IOException, InterruptedException {
    HttpResponse<InputStream> response = HTTP.send(request(url).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("export answered " + response.statusCode());
    }
    long lines = 0;
    long bytes = 0;
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = response.body()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        bytes += n;
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n' && ++lines == midRow + 1) {
            atRow.run();
          }
        }
      }
    }
    return new long[] {lines - 1, bytes};
  }

  private static String post(String url, String json) {
    return send(request(url).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  private static String get(String url) {
    return send(request(url).GET().build());
  }

  private static HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + KEY)
        .timeout(Duration.ofMinutes(10));
  }

  private static String send(HttpRequest request) {
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, io.contactsplatform.contactservice.customfield.CustomFieldDefinition> definitions() {
    Instant now = Instant.now();
    return Map.of("score", new io.contactsplatform.contactservice.customfield.CustomFieldDefinition("score", "score",
        io.contactsplatform.support.customfield.CustomFieldType.NUMBER, List.of(), false, null, "benchmark",
        null, now, now));
  }

  private static Object parse(String json) {
    return tools.jackson.databind.json.JsonMapper.builder().build().readValue(json, Object.class);
  }

  private static void report(String label, Latencies latencies, Latencies baseline) {
    System.out.printf("%-58s p50 %,9.1f ms  p99 %,9.1f ms  (p50 %.2f x driver)%n", label, latencies.p50(),
        latencies.p99(), latencies.p50() / baseline.p50());
  }

  /** The text after {@code start} up to the first of the {@code ends} characters. */
  private static String between(String text, String start, String ends) {
    int from = text.indexOf(start);
    if (from < 0) {
      return "?";
    }
    from += start.length();
    int to = from;
    while (to < text.length() && ends.indexOf(text.charAt(to)) < 0) {
      to++;
    }
    return text.substring(from, to);
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  private static String sha256(String key) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  /** Latency samples in milliseconds (one warm-up call first). */
  record Latencies(double p50, double p99) {

    static Latencies measure(int samples, Runnable call) {
      call.run();
      double[] ms = new double[samples];
      for (int i = 0; i < samples; i++) {
        long t = System.nanoTime();
        call.run();
        ms[i] = (System.nanoTime() - t) / 1e6;
      }
      java.util.Arrays.sort(ms);
      return new Latencies(percentile(ms, 0.50), percentile(ms, 0.99));
    }

    private static double percentile(double[] sorted, double p) {
      int index = (int) Math.ceil(p * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
  }

  /** Heap in use after a full collection: what is still referenced. */
  static long liveHeap() {
    System.gc();
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }
}
