package io.contactsplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.contactsplatform.events.call.start.CallStart;
import io.contactsplatform.events.call.variables.AgentVariables;
import io.contactsplatform.events.call.variables.ResolutionStatus;
import io.contactsplatform.localstack.LocalStack;
import io.contactsplatform.localstack.StackConfig;
import io.contactsplatform.schemas.EventCodec;
import io.contactsplatform.schemas.SingleObjectEventCodec;
import io.contactsplatform.schemas.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resolver failover, black-box: call-starts published on Kafka at a steady rate
 * ({@code -Dresolver-failover.rate}, default {@value #DEFAULT_RATE}/s for
 * {@code -Dresolver-failover.seconds}, default {@value #DEFAULT_SECONDS} s) to two resolver instances,
 * one of them SIGKILLed a quarter of the way in; every tenth call is sent twice with the same callId
 * (a dialer retry). Answers are read from {@code agent-variables} with {@code isolation.level=read_committed}
 * (so a transactional resolver's aborted answers do not count) and counted per callId. Checks: every
 * call-start is answered (by the survivor once it took the partitions over), exactly once per callId,
 * and no DNC'd number is ever READY. Uses only the topics and the REST setup API, so it holds for any
 * resolver implementation (today's in-memory views or a Kafka Streams one).
 *
 * <p>Runs on a stack of its own with two resolver instances and one of each other service (they do not
 * take part in the failover; one each keeps the machine's load down). The campaign uses the
 * {@code /variables} path, which has no calling window, so an allowed call is READY at any hour.
 *
 * <p>Status (2026-12-07): on the in-memory resolver every call is answered and none READY for a DNC'd
 * number, but a few calls (4 of 800) are answered twice: the killed instance answered them and had not
 * committed their offsets, and the survivor does not know of those answers. This test fails on that
 * until the resolver answers exactly once across a failover; it is kept apart from {@link TwoInstancesIT}
 * so the two can be merged separately.
 */
class ResolverFailoverIT {

  static final int DEFAULT_RATE = 20;
  static final int DEFAULT_SECONDS = 40;
  private static final int RATE = Integer.getInteger("resolver-failover.rate", DEFAULT_RATE);
  private static final int SECONDS = Integer.getInteger("resolver-failover.seconds", DEFAULT_SECONDS);
  private static final String CAMPAIGN = "failover-campaign";
  private static final int CONTACTS = 30;
  private static final int DNC_EVERY = 3;

  private static LocalStack stack;
  private final PlatformHttp demo = new PlatformHttp("demo-key");
  private final EventCodec codec = new SingleObjectEventCodec();

  @BeforeAll
  static void startTwoResolvers() throws IOException {
    Path root = Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();
    stack = LocalStack.start(StackConfig.onFreePorts(root, Files.createTempDirectory("resolver-failover-"),
        Map.of(StackConfig.RESOLVER, 2), false));
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void everyCallStartIsAnsweredOnceWhileOneResolverInstanceIsKilled() throws Exception {
    List<String> phones = new ArrayList<>();
    Set<String> dnc = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < CONTACTS; i++) {
      String phone = String.format("+1718555%04d", 1000 + i);
      phones.add(phone);
      PlatformHttp.Response created = demo.post(stack.url(StackConfig.CONTACT) + "/v1/contacts",
          "{\"phone\":\"" + phone + "\",\"firstName\":\"Fail" + i + "\"}");
      assertThat(created.status()).as(created.body()).isIn(200, 201);
      if (i % DNC_EVERY == 0) {
        dnc.add(phone);
        PlatformHttp.Response entry = demo.post(stack.url(StackConfig.DNC) + "/v1/dnc",
            "{\"phone\":\"" + phone + "\",\"reason\":\"failover test\"}");
        assertThat(entry.status()).as(entry.body()).isIn(200, 201);
      }
    }
    PlatformHttp.Response campaign = demo.put(stack.url(StackConfig.RESOLVER) + "/v1/campaigns/" + CAMPAIGN
        + "/variables", "{\"variables\":[{\"name\":\"first_name\",\"binding\":\"contact.first_name\","
        + "\"required\":true}]}");
    assertThat(campaign.status()).as(campaign.body()).isEqualTo(200);
    // both instances see every contact and DNC entry before the load starts
    for (int i = 0; i < stack.instances(StackConfig.RESOLVER); i++) {
      for (String phone : phones) {
        String expected = dnc.contains(phone) ? "BLOCKED_DNC" : "READY";
        awaitResolve(i, phone, expected);
      }
    }

    Map<String, List<ResolutionStatus>> answers = new ConcurrentHashMap<>();
    // distinct answer eventIds per callId: a retried callId gets the stored answer again (same eventId)
    Map<String, java.util.Set<String>> decisions = new ConcurrentHashMap<>();
    Map<String, String> phoneOf = new ConcurrentHashMap<>();
    AtomicBoolean reading = new AtomicBoolean(true);
    Thread reader = new Thread(() -> readAnswers(answers, decisions, reading), "agent-variables-reader");
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer())) {
      reader.start();
      int calls = RATE * SECONDS;
      int killAt = calls / 4;
      long start = System.nanoTime();
      long killed = 0;
      int sent = 0;
      for (int n = 0; n < calls; n++) {
        long due = start + n * 1_000_000_000L / RATE;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        if (n == killAt) {
          stack.kill(StackConfig.RESOLVER, 0);
          killed = System.nanoTime();
        }
        String callId = "failover-" + n + "-" + UUID.randomUUID();
        String phone = phones.get(n % phones.size());
        phoneOf.put(callId, phone);
        send(producer, callId, phone);
        sent++;
        if (n % 10 == 0) {
          send(producer, callId, phone); // a dialer retry: same callId, new event id
          sent++;
        }
      }
      producer.flush();
      long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
      while (answers.size() < calls && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      Thread.sleep(3_000); // late duplicates, if any, arrive now
      reading.set(false);
      reader.join(10_000);

      Map<String, Integer> answeredTwice = decisions.entrySet().stream().filter(e -> e.getValue().size() > 1)
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size()));
      List<String> unanswered = phoneOf.keySet().stream().filter(id -> !answers.containsKey(id)).sorted().toList();
      List<String> readyDespiteDnc = answers.entrySet().stream()
          .filter(e -> dnc.contains(phoneOf.get(e.getKey())) && e.getValue().contains(ResolutionStatus.READY))
          .map(Map.Entry::getKey).toList();
      Map<ResolutionStatus, Long> byStatus = answers.values().stream().flatMap(List::stream)
          .collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
      System.out.printf("[resolver-failover] %d call-starts (%d calls, %d/s for %d s, every tenth twice), resolver"
              + " instance 0 SIGKILLed after %d calls: answered %d calls, unanswered %d, decided twice %d,"
              + " READY for a DNC'd number %d; answers by status %s; killed %.1f s after the start%n", sent, calls,
          RATE, SECONDS, killAt, answers.size(), unanswered.size(), answeredTwice.size(), readyDespiteDnc.size(),
          byStatus, (killed - start) / 1e9);

      assertThat(unanswered).as("every call-start answered").isEmpty();
      assertThat(answeredTwice).as("one decision per callId (repeats carry the first answer's eventId)").isEmpty();
      assertThat(readyDespiteDnc).as("never READY for a DNC'd number").isEmpty();
      // any BLOCKED_* is a safe answer (a resolver restoring state may block calls for a while); READY must occur
      assertThat(byStatus.getOrDefault(ResolutionStatus.READY, 0L)).as("allowed calls answered READY")
          .isPositive();
    } finally {
      reading.set(false);
    }
  }

  private void send(KafkaProducer<String, byte[]> producer, String callId, String phone) throws Exception {
    CallStart callStart = CallStart.newBuilder()
        .setEventId(UUID.randomUUID())
        .setWorkspaceId("demo")
        .setOccurredAt(Instant.now())
        .setSource("resolver-failover-it")
        .setCallId(callId)
        .setCampaignId(CAMPAIGN)
        .setPhone(phone)
        .setRuntimeVariables(Map.of())
        .build();
    producer.send(new ProducerRecord<>(Topics.CALL_STARTS.name(), Topics.key("demo", callId),
        codec.encode(callStart))).get();
  }

  /** Reads agent-variables from the beginning, committed answers only, until {@code reading} is false. */
  private void readAnswers(Map<String, List<ResolutionStatus>> answers, Map<String, java.util.Set<String>> decisions,
                           AtomicBoolean reading) {
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "resolver-failover-it-" + UUID.randomUUID(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.AGENT_VARIABLES.name(), Duration.ofSeconds(30))
          .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (reading.get()) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          AgentVariables answer = codec.decode(AgentVariables.class, record.value());
          if (answer.getCallId().startsWith("failover-")) {
            answers.computeIfAbsent(answer.getCallId(), id -> java.util.Collections.synchronizedList(new ArrayList<>()))
                .add(answer.getStatus());
            decisions.computeIfAbsent(answer.getCallId(), id -> ConcurrentHashMap.newKeySet())
                .add(answer.getEventId().toString());
          }
        }
      }
    }
  }

  private void awaitResolve(int instance, String phone, String status) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    String body = resolve(instance, phone);
    while (!status.equals(statusOf(body))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("resolver instance " + instance + " does not answer " + status + " for a number: "
            + body);
      }
      Thread.sleep(250);
      body = resolve(instance, phone);
    }
  }

  private static String statusOf(String body) {
    try {
      return JsonPath.read(body, "$.status");
    } catch (RuntimeException e) {
      return null;
    }
  }

  private String resolve(int instance, String phone) {
    return demo.post(stack.url(StackConfig.RESOLVER, instance) + "/v1/resolve",
        "{\"campaignId\":\"" + CAMPAIGN + "\",\"phone\":\"" + phone + "\"}").body();
  }
}
