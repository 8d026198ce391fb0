package io.contactsplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.contactsplatform.events.call.variables.ResolutionStatus;
import io.contactsplatform.events.crm.CrmContactUpdate;
import io.contactsplatform.events.dnc.command.DncAction;
import io.contactsplatform.events.dnc.command.DncCommand;
import io.contactsplatform.events.dnc.command.DncSource;
import io.contactsplatform.localstack.LocalStack;
import io.contactsplatform.localstack.StackConfig;
import io.contactsplatform.schemas.SingleObjectEventCodec;
import io.contactsplatform.schemas.Topic;
import io.contactsplatform.schemas.Topics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Soak and fault suite, part one: scenarios that break one service of a running stack, or feed it
 * poison, and count what survives. Each prints one {@code [soak]} line (or block) with its counts.
 * Runs on a stack of its own (it kills services; the {@link SharedStack} must not see that), in the
 * {@code demo} workspace of an empty data directory; each scenario uses numbers of its own and counts
 * its contacts by a tag of its own. {@code -Dsoak.rows} sets the import size: {@value #SHORT_ROWS}
 * (CI, the default) or 1,000,000 (the full form). {@link SoakWholeStackIT} kills the whole stack;
 * {@code end-to-end-tests/soak/full-size-run.sh} is the million-contact run on {@code ./run.sh}.
 *
 * <p>Scenarios: import with contact-service SIGKILLed a quarter of the way and restarted; the same with
 * import-service; DNC entries added while the resolver is down, then call-starts for those numbers
 * (none may be answered READY); poison on every consumed topic (dead-lettered once per consuming
 * service, with a reason, and a good record behind it processed). The resolver is observed only through
 * topics and REST, so the scenarios do not depend on how it is built.
 */
class SoakFaultIT {

  static final int SHORT_ROWS = 2_000;
  static final int ROWS = Integer.getInteger("soak.rows", SHORT_ROWS);
  static final Duration JOB_TIMEOUT = Duration.ofSeconds(Math.max(180, ROWS / 200));
  /**
   * The bound: from a restarted service (or stack) being healthy to its first processed message;
   * {@code -Dsoak.recoverySeconds} raises it on a machine loaded by other work (the figure is printed either way).
   */
  static final Duration RECOVERY_BOUND = Duration.ofSeconds(Long.getLong("soak.recoverySeconds", 15));
  private static final int DNC_NUMBERS = Math.min(Math.max(ROWS / 10, 200), 2_000);
  private static final List<String> ALL_DAYS = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");

  /** How many services consume each topic, i.e. how often one poison record must reach its .DLT. */
  private static final Map<Topic<?>, Integer> CONSUMERS = consumers();

  private static LocalStack stack;
  private static SoakImports imports;
  private final PlatformHttp demo = new PlatformHttp("demo-key");

  @BeforeAll
  static void startOwnStack() throws IOException {
    Path root = Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();
    stack = LocalStack.start(new StackConfig(root, Files.createTempDirectory("soak-stack-"), "127.0.0.1",
        StackConfig.freePort(), StackConfig.freePort(), StackConfig.freePort(), Map.of(
            StackConfig.CONTACT, StackConfig.freePort(), StackConfig.IMPORT, StackConfig.freePort(),
            StackConfig.DNC, StackConfig.freePort(), StackConfig.RESOLVER, StackConfig.freePort())));
    imports = new SoakImports(stack.url(StackConfig.IMPORT), stack.url(StackConfig.CONTACT));
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void importSurvivesASigkillOfContactServiceMidWay() throws Exception {
    importSurvivesASigkillOf(StackConfig.CONTACT, 2_000_000, "soak-kill-contact");
  }

  @Test
  void importSurvivesASigkillOfImportServiceMidWay() throws Exception {
    importSurvivesASigkillOf(StackConfig.IMPORT, 3_100_000, "soak-kill-import");
  }

  /**
   * Imports {@link #ROWS} rows, SIGKILLs {@code service} once a quarter of them is done, restarts it;
   * the job must complete with every row created once (lost 0, duplicated 0) and the first row be
   * answered within {@link #RECOVERY_BOUND} of the restarted service being healthy.
   */
  private void importSurvivesASigkillOf(String service, int firstNumber, String tag) throws Exception {
    String job = imports.start(firstNumber, ROWS, tag, null);
    long killAt = Math.max(1, ROWS / 4);
    imports.await(job, body -> SoakImports.done(body) >= killAt, JOB_TIMEOUT);
    String atKill = imports.job(job);
    long doneAtKill = SoakImports.done(atKill);
    long sentAtKill = SoakImports.count(atKill, "$.acceptedRows");
    boolean allReadAtKill = JsonPath.read(atKill, "$.allRowsRead");
    stack.kill(service);
    long killed = System.nanoTime();
    stack.restart(service);
    long restarted = System.nanoTime();
    imports.await(job, body -> SoakImports.done(body) > doneAtKill || "COMPLETED".equals(SoakImports.status(body)),
        JOB_TIMEOUT);
    long recovered = System.nanoTime();
    // the reader sending rows again (only observable when the file was not read to its end before the kill)
    String resumedReading = "n/a (every row sent before the kill)";
    if (!allReadAtKill) {
      imports.await(job, body -> SoakImports.count(body, "$.acceptedRows") > sentAtKill
          || (boolean) JsonPath.read(body, "$.allRowsRead") || SoakImports.finished(body), JOB_TIMEOUT);
      resumedReading = String.format("%.1f s", seconds(restarted, System.nanoTime()));
    }

    String finished = imports.await(job, SoakImports::finished, JOB_TIMEOUT);
    long contacts = imports.contactsTagged(tag, false);
    long created = SoakImports.count(finished, "$.created");
    long lost = Math.max(0, ROWS - contacts);
    long duplicated = Math.max(0, contacts - ROWS);
    System.out.printf("[soak] import %d rows, %s SIGKILLed at %d done: status %s, created %d, updated %d,"
            + " unchanged %d, contacts %d, lost %d, duplicated %d; restart to healthy %.1f s, healthy to first"
            + " answered row %.1f s, kill to first answered row %.1f s, healthy to rows sent again %s%n", ROWS, service,
        doneAtKill,
        SoakImports.status(finished), created, SoakImports.count(finished, "$.updated"),
        SoakImports.count(finished, "$.unchanged"), contacts, lost, duplicated, seconds(killed, restarted),
        seconds(restarted, recovered), seconds(killed, recovered), resumedReading);

    assertThat(SoakImports.status(finished)).as(finished).isEqualTo("COMPLETED");
    assertThat(lost).as("lost").isZero();
    assertThat(duplicated).as("duplicated").isZero();
    assertThat(created).as(finished).isEqualTo(ROWS);
    assertThat(Duration.ofNanos(recovered - restarted)).as("healthy to first answered row").isLessThan(RECOVERY_BOUND);
  }

  /**
   * Contacts known to the resolver; the resolver SIGKILLed; their numbers put on the DNC list; a
   * call-start for each published while it is down; the resolver restarted. Every call must be
   * answered, none READY (fail closed while the DNC view loads, BLOCKED_DNC once it has).
   */
  @Test
  void dncAddedWhileTheResolverIsDownBlocksEveryCallAfterItsRestart() throws Exception {
    int first = 4_200_000;
    String tag = "soak-dnc";
    String campaign = "soak-dnc";
    PlatformHttp.Response config = demo.put(stack.url(StackConfig.RESOLVER) + "/v1/campaigns/" + campaign + "/config",
        "{\"callingWindow\":{\"days\":" + days() + ",\"start\":\"00:00\",\"end\":\"24:00\"},"
            + "\"variables\":[{\"name\":\"first_name\",\"binding\":\"contact.first_name\",\"required\":true}]}");
    assertThat(config.status()).as(config.body()).isEqualTo(200);
    String job = imports.start(first, DNC_NUMBERS, tag, null);
    assertThat(SoakImports.status(imports.await(job, SoakImports::finished, JOB_TIMEOUT))).isEqualTo("COMPLETED");
    String last = SoakImports.phone(first, DNC_NUMBERS - 1);
    eventually("the resolver knows the imported contacts", Duration.ofSeconds(120),
        () -> "READY".equals(JsonPath.read(resolve(campaign, last), "$.status")));

    stack.kill(StackConfig.RESOLVER);
    long killed = System.nanoTime();
    for (int i = 0; i < DNC_NUMBERS; i++) {
      PlatformHttp.Response added = demo.post(stack.url(StackConfig.DNC) + "/v1/dnc",
          "{\"phone\":\"" + SoakImports.phone(first, i) + "\",\"reason\":\"soak: added while the resolver is down\"}");
      assertThat(added.status()).as(added.body()).isIn(200, 201);
    }
    // contact-service reads the same dnc-changes: once it shows every number blocked, all are on the topic
    eventually("every DNC change on dnc-changes", JOB_TIMEOUT, () -> imports.contactsTagged(tag, true) == DNC_NUMBERS);

    try (DialerCalls dialer = new DialerCalls(stack.bootstrapServers())) {
      Set<String> calls = new LinkedHashSet<>();
      for (int i = 0; i < DNC_NUMBERS; i++) {
        calls.add(dialer.start(campaign, SoakImports.phone(first, i)));
      }
      long restarting = System.nanoTime();
      CompletableFuture<Long> healthy = CompletableFuture.supplyAsync(() -> {
        stack.restart(StackConfig.RESOLVER);
        return System.nanoTime();
      });
      Map<String, DialerCalls.Answer> answers = dialer.await(calls, JOB_TIMEOUT.plusSeconds(180));
      long healthyAt = healthy.get();
      Map<ResolutionStatus, Integer> byStatus = new EnumMap<>(ResolutionStatus.class);
      answers.values().forEach(a -> byStatus.merge(a.variables().getStatus(), 1, Integer::sum));
      long firstAnswer = answers.values().stream().mapToLong(DialerCalls.Answer::seenAtNanos).min().orElse(-1);
      long lastAnswer = answers.values().stream().mapToLong(DialerCalls.Answer::seenAtNanos).max().orElse(-1);
      int wronglyReady = byStatus.getOrDefault(ResolutionStatus.READY, 0);
      System.out.printf("[soak] %d DNC entries added while the resolver was down (SIGKILLed), %d call-starts for those"
              + " numbers published before its restart: answered %d, unanswered %d, answered twice %d, wrongly READY %d,"
              + " by status %s; kill to restart %.1f s, restart to healthy %.1f s, restart to first answer %.1f s,"
              + " healthy to first answer %.1f s, restart to last answer %.1f s%n", DNC_NUMBERS, calls.size(),
          answers.size(), calls.size() - answers.size(), dialer.repeated(), wronglyReady, byStatus,
          seconds(killed, restarting), seconds(restarting, healthyAt), seconds(restarting, firstAnswer),
          seconds(healthyAt, firstAnswer), seconds(restarting, lastAnswer));

      assertThat(wronglyReady).as("wrongly READY").isZero();
      assertThat(answers).as("answered calls").hasSize(calls.size());
      assertThat(Duration.ofNanos(firstAnswer - healthyAt)).as("healthy to first answer").isLessThan(RECOVERY_BOUND);

      // once its views are loaded, the entries added while it was down must block every call as DNC
      eventually("the restarted resolver sees the DNC entries", Duration.ofSeconds(120),
          () -> "BLOCKED_DNC".equals(JsonPath.read(resolve(campaign, last), "$.status")));
      Set<String> again = new LinkedHashSet<>();
      for (int i = 0; i < DNC_NUMBERS; i++) {
        again.add(dialer.start(campaign, SoakImports.phone(first, i)));
      }
      Map<String, DialerCalls.Answer> loaded = dialer.await(again, JOB_TIMEOUT);
      Map<ResolutionStatus, Integer> loadedByStatus = new EnumMap<>(ResolutionStatus.class);
      loaded.values().forEach(a -> loadedByStatus.merge(a.variables().getStatus(), 1, Integer::sum));
      System.out.printf("[soak] the same %d numbers called again once the resolver is loaded: answered %d, wrongly READY"
              + " %d, by status %s%n", again.size(), loaded.size(), loadedByStatus.getOrDefault(ResolutionStatus.READY, 0),
          loadedByStatus);
      assertThat(loadedByStatus).as("answers once loaded").containsExactly(Map.entry(ResolutionStatus.BLOCKED_DNC,
          again.size()));
    }
  }

  /**
   * On every partition of every consumed topic: an undecodable record and a valid-Avro event with a
   * blank workspace; then, through the system's own paths, a good record on each topic. Each poison
   * record must reach {@code <topic>.DLT} exactly once per service consuming the topic, with a reason
   * header, and every good record be processed.
   */
  @Test
  void poisonOnEveryConsumedTopicIsDeadLetteredOnceAndTheGoodRecordsBehindItAreProcessed() throws Exception {
    Map<Topic<?>, Set<ByteBuffer>> poison = new LinkedHashMap<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (Topic<?> topic : CONSUMERS.keySet()) {
        Set<ByteBuffer> values = new LinkedHashSet<>();
        int partitions = producer.partitionsFor(topic.name()).size();
        for (int partition = 0; partition < partitions; partition++) {
          for (byte[] value : List.of(PoisonRecords.undecodable(topic.name()), PoisonRecords.invalid(topic))) {
            producer.send(new ProducerRecord<>(topic.name(), partition,
                ("demo:soak-poison-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8), value)).get();
            values.add(ByteBuffer.wrap(value));
          }
        }
        poison.put(topic, values);
      }

      String campaign = "soak-poison";
      int first = 5_300_000;
      String imported = SoakImports.phone(first, 0);
      String optedOut = SoakImports.phone(first, 1);
      String compliance = SoakImports.phone(first, 2);
      String fromCrm = SoakImports.phone(first, 3);
      PlatformHttp.Response config = demo.put(stack.url(StackConfig.RESOLVER) + "/v1/campaigns/" + campaign + "/config",
          "{\"callingWindow\":{\"days\":" + days() + ",\"start\":\"00:00\",\"end\":\"24:00\"},\"allowUnknownContacts\":true,"
              + "\"variables\":[{\"name\":\"first_name\",\"binding\":\"contact.first_name\",\"required\":true},"
              + "{\"name\":\"plan\",\"binding\":\"row.Plan\",\"required\":true}]}");
      assertThat(config.status()).as(config.body()).isEqualTo(200);
      // contact-upserts, contact-upsert-results, audience-rows (import with a campaign), contact-changes
      String job = imports.start(first, 1, "soak-poison", campaign);
      // contact-changes -> dnc-service (opt-out entry) -> dnc-changes -> contact-service and resolver
      PlatformHttp.Response contact = demo.post(stack.url(StackConfig.CONTACT) + "/v1/contacts",
          "{\"phone\":\"" + optedOut + "\",\"firstName\":\"Poison\",\"doNotCall\":true}");
      assertThat(contact.status()).as(contact.body()).isEqualTo(201);
      SingleObjectEventCodec codec = new SingleObjectEventCodec();
      // dnc-commands, as the compliance team publishes them
      DncCommand command = DncCommand.newBuilder().setEventId(UUID.randomUUID()).setWorkspaceId("demo")
          .setOccurredAt(Instant.now()).setSource("soak-compliance").setAction(DncAction.ADD).setPhone(compliance)
          .setDncSource(DncSource.COMPLIANCE_FEED).setReason("soak").setActor("soak").build();
      producer.send(new ProducerRecord<>(Topics.DNC_COMMANDS.name(), key("demo:" + compliance), codec.encode(command))).get();
      // crm-contact-updates, as a CRM publishes them
      String externalId = "soak-crm-" + UUID.randomUUID();
      CrmContactUpdate update = CrmContactUpdate.newBuilder().setEventId(UUID.randomUUID()).setWorkspaceId("demo")
          .setOccurredAt(Instant.now()).setSource("soak-crm").setExternalId(externalId).setPhone(fromCrm)
          .setFirstName("Crm").build();
      producer.send(new ProducerRecord<>(Topics.CRM_CONTACT_UPDATES.name(), key("demo:" + externalId),
          codec.encode(update))).get();

      Map<String, Boolean> processed = new LinkedHashMap<>();
      processed.put("contact-upserts (contact-service) + contact-upsert-results (import-service): import COMPLETED, created 1",
          completedWithOneCreated(job));
      processed.put("contact-changes (dnc-service): opted-out contact's number blocked", poll(() -> dncBlocked(optedOut)));
      processed.put("dnc-commands (dnc-service): compliance number blocked", poll(() -> dncBlocked(compliance)));
      processed.put("crm-contact-updates (import-service): CRM contact created", poll(() -> contactsWith(fromCrm, false) == 1));
      processed.put("dnc-changes (contact-service): opted-out contact shown DNC-blocked",
          poll(() -> contactsWith(optedOut, true) == 1));
      try (DialerCalls dialer = new DialerCalls(stack.bootstrapServers())) {
        processed.put("call-starts + contact-changes + audience-rows (resolver): imported number READY with plan=gold",
            poll(() -> {
              DialerCalls.Answer answer = call(dialer, campaign, imported);
              return answer != null && answer.variables().getStatus() == ResolutionStatus.READY
                  && "gold".equals(answer.variables().getVariables().get("plan"));
            }));
        processed.put("dnc-changes (resolver): compliance number BLOCKED_DNC", poll(() -> {
          DialerCalls.Answer answer = call(dialer, campaign, compliance);
          return answer != null && answer.variables().getStatus() == ResolutionStatus.BLOCKED_DNC;
        }));
      }

      Map<Topic<?>, Map<ByteBuffer, List<String>>> letters = new LinkedHashMap<>();
      eventually("every poison record dead-lettered by every consumer", Duration.ofSeconds(60), () -> {
        poison.forEach((topic, values) -> letters.put(topic, deadLetters(topic, values)));
        return letters.entrySet().stream().allMatch(e -> e.getValue().values().stream().mapToInt(List::size).sum()
            >= poison.get(e.getKey()).size() * CONSUMERS.get(e.getKey()));
      });
      Thread.sleep(3_000); // a second copy, if one were coming, would come now
      poison.forEach((topic, values) -> letters.put(topic, deadLetters(topic, values)));

      StringBuilder report = new StringBuilder("[soak] poison records (undecodable + blank workspace, on every partition):");
      Map<String, Integer> problems = new HashMap<>();
      letters.forEach((topic, byValue) -> {
        int expected = CONSUMERS.get(topic);
        long once = poison.get(topic).stream().filter(v -> byValue.getOrDefault(v, List.of()).size() == expected).count();
        long withReason = byValue.values().stream().flatMap(List::stream).filter(r -> r != null && !r.isBlank()).count();
        long copies = byValue.values().stream().mapToLong(List::size).sum();
        report.append(String.format("%n  %-22s sent %d, dead letters %d (expected %d: %d consumer(s) each), dead-lettered"
                + " exactly %d time(s): %d of %d, with a reason header: %d", topic.name(), poison.get(topic).size(), copies,
            poison.get(topic).size() * expected, expected, expected, once, poison.get(topic).size(), withReason));
        if (once != poison.get(topic).size() || withReason != copies) {
          problems.put(topic.name(), (int) once);
        }
      });
      processed.forEach((what, ok) -> report.append(String.format("%n  good record after the poison: %-100s %s", what,
          ok ? "processed" : "NOT PROCESSED")));
      System.out.println(report);

      assertThat(problems).as("topics whose poison was not dead-lettered exactly once per consumer with a reason")
          .isEmpty();
      assertThat(processed).as("good records processed after the poison").doesNotContainValue(false);
    }
  }

  private boolean completedWithOneCreated(String job) throws InterruptedException {
    String finished = imports.await(job, SoakImports::finished, JOB_TIMEOUT);
    return "COMPLETED".equals(SoakImports.status(finished)) && SoakImports.count(finished, "$.created") == 1;
  }

  private boolean dncBlocked(String phone) {
    PlatformHttp.Response check = demo.get(stack.url(StackConfig.DNC) + "/v1/dnc/check?phone="
        + phone.replace("+", "%2B"));
    return check.status() == 200 && Boolean.TRUE.equals(JsonPath.read(check.body(), "$.blocked"));
  }

  private long contactsWith(String phone, boolean dncBlocked) {
    String filter = "{\"field\":\"phone\",\"op\":\"eq\",\"value\":\"" + phone + "\"}";
    if (dncBlocked) {
      filter = "{\"all\":[" + filter + ",{\"field\":\"dnc\",\"op\":\"eq\",\"value\":true}]}";
    }
    PlatformHttp.Response found = demo.post(stack.url(StackConfig.CONTACT) + "/v1/contacts/search",
        "{\"filter\":" + filter + ",\"pageSize\":1}");
    assertThat(found.status()).as(found.body()).isEqualTo(200);
    return SoakImports.count(found.body(), "$.total");
  }

  private static DialerCalls.Answer call(DialerCalls dialer, String campaign, String phone) {
    String callId = dialer.start(campaign, phone);
    return dialer.await(Set.of(callId), Duration.ofSeconds(10)).get(callId);
  }

  /**
   * The dead letters on {@code <topic>.DLT} (read to its current end) whose value is one of {@code values},
   * each with its reason header ({@code dlt-reason}; else the exception message spring-kafka adds).
   */
  private static Map<ByteBuffer, List<String>> deadLetters(Topic<?> topic, Set<ByteBuffer> values) {
    Map<ByteBuffer, List<String>> found = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "soak-dlt-reader-" + UUID.randomUUID(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      String dlt = topic.name() + Topic.DEAD_LETTER_SUFFIX;
      List<TopicPartition> partitions = consumer.partitionsFor(dlt, Duration.ofSeconds(10)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.value() != null && values.contains(ByteBuffer.wrap(record.value()))) {
            found.computeIfAbsent(ByteBuffer.wrap(record.value()), v -> new ArrayList<>()).add(reason(record));
          }
        }
      }
    }
    return found;
  }

  private static String reason(ConsumerRecord<byte[], byte[]> record) {
    for (String name : List.of("dlt-reason", "kafka_dlt-exception-message")) {
      Header header = record.headers().lastHeader(name);
      if (header != null && header.value() != null) {
        return new String(header.value(), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static Map<Topic<?>, Integer> consumers() {
    Map<Topic<?>, Integer> consumers = new LinkedHashMap<>();
    consumers.put(Topics.CONTACT_UPSERTS, 1);        // contact-service
    consumers.put(Topics.CONTACT_UPSERT_RESULTS, 1); // import-service
    consumers.put(Topics.CONTACT_CHANGES, 2);        // dnc-service, resolver
    consumers.put(Topics.CRM_CONTACT_UPDATES, 1);    // import-service
    consumers.put(Topics.DNC_COMMANDS, 1);           // dnc-service
    consumers.put(Topics.DNC_CHANGES, 2);            // contact-service, resolver
    consumers.put(Topics.AUDIENCE_ROWS, 1);          // resolver
    consumers.put(Topics.CALL_STARTS, 1);            // resolver
    return consumers;
  }

  private String resolve(String campaign, String phone) {
    return demo.post(stack.url(StackConfig.RESOLVER) + "/v1/resolve",
        "{\"campaignId\":\"" + campaign + "\",\"phone\":\"" + phone + "\"}").body();
  }

  private static String days() {
    return "[\"" + String.join("\",\"", ALL_DAYS) + "\"]";
  }

  private static byte[] key(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  static double seconds(long from, long to) {
    return (to - from) / 1e9;
  }

  private static boolean holds(BooleanSupplier condition) {
    try {
      return condition.getAsBoolean();
    } catch (RuntimeException notYet) {
      return false;
    }
  }

  /** Polls {@code condition} every 500 ms for up to 90 s; whether it came true. */
  private static boolean poll(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (condition.getAsBoolean()) {
          return true;
        }
      } catch (RuntimeException notYet) {
        // an answer of another shape (e.g. a service still starting): try again
      }
      Thread.sleep(500);
    }
    return false;
  }

  /** Polls {@code condition} every 250 ms (an exception counts as "not yet"); fails after {@code timeout}. */
  static void eventually(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!holds(condition)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": not within " + timeout);
      }
      Thread.sleep(250);
    }
  }
}
