package io.contactsplatform.resolver.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.events.audience.AudienceRow;
import io.contactsplatform.events.call.start.CallStart;
import io.contactsplatform.events.call.variables.AgentVariables;
import io.contactsplatform.events.call.variables.ResolutionStatus;
import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.events.contact.change.ContactState;
import io.contactsplatform.events.contact.change.ContactStatus;
import io.contactsplatform.events.dnc.change.DncChange;
import io.contactsplatform.events.dnc.change.DncEntryState;
import io.contactsplatform.events.dnc.change.DncScope;
import io.contactsplatform.events.dnc.change.DncSource;
import io.contactsplatform.resolver.readmodel.DncOffsets;
import io.contactsplatform.resolver.readmodel.DncReadiness;
import io.contactsplatform.resolver.readmodel.DncReadinessProperties;
import io.contactsplatform.schemas.SingleObjectEventCodec;
import io.contactsplatform.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The topology on {@link TopologyTestDriver} (no broker): the version guards and number claims of
 * the stores, dead letters, and one stored answer per callId. The {@link CallAnswerer} is a stub
 * that says what the task's facts were (the rules themselves are {@code ResolverTest}'s).
 */
class ResolverTopologyTest {

  static final SingleObjectEventCodec CODEC = new SingleObjectEventCodec();
  static final Instant NOW = Instant.parse("2026-11-04T16:00:00Z");
  static final String WS = "ws";

  /** Answers READY with the contact's first name, BLOCKED_DNC when the number has entries, BLOCKED_UNKNOWN_CONTACT without contact. */
  static final class StubAnswerer implements CallAnswerer {
    final List<String> duplicates = new ArrayList<>();

    @Override
    public AgentVariables answer(CallStart start, StateFacts facts) {
      var contact = facts == null ? null : facts.contactSnapshot(start.getContactId());
      ResolutionStatus status = contact == null ? ResolutionStatus.BLOCKED_UNKNOWN_CONTACT
          : !facts.dncEntries().isEmpty() ? ResolutionStatus.BLOCKED_DNC : ResolutionStatus.READY;
      return AgentVariables.newBuilder().setEventId(UUID.randomUUID()).setWorkspaceId(start.getWorkspaceId())
          .setOccurredAt(NOW).setSource("test").setCallId(start.getCallId())
          .setCallStartEventId(start.getEventId().toString()).setCampaignId(start.getCampaignId())
          .setContactId(contact == null ? null : contact.contactId()).setPhoneE164(null).setStatus(status)
          .setVariables(contact == null ? Map.of() : Map.of("first_name", String.valueOf(contact.firstName())))
          .setReason(facts != null && facts.audienceColumns() != null ? "row " + facts.audienceColumns() : null)
          .build();
    }

    @Override
    public void duplicate(CallStart start, AgentVariables earlier) {
      duplicates.add(start.getCallId());
    }
  }

  StubAnswerer answerer = new StubAnswerer();
  TopologyTestDriver driver;
  TestInputTopic<String, byte[]> callStarts;
  TestInputTopic<String, byte[]> contacts;
  TestInputTopic<String, byte[]> dnc;
  TestInputTopic<String, byte[]> audience;
  TestOutputTopic<String, byte[]> answers;

  @BeforeEach
  void start() throws Exception {
    SingleObjectEventCodec.trustEventClasses();
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "resolver-topology-test");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("resolver-topology").toString());
    config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    DncOffsets none = new DncOffsets() {
      @Override
      public Map<Integer, Long> endOffsets() {
        return Map.of(0, 0L);
      }

      @Override
      public Map<Integer, Long> committedOffsets() {
        return Map.of();
      }
    };
    DncReadiness readiness = new DncReadiness(none, new DncReadinessProperties(Duration.ofMillis(100),
        Duration.ofSeconds(5)), System::nanoTime);
    driver = new TopologyTestDriver(ResolverTopology.build(1, answerer, readiness, new SimpleMeterRegistry(),
        Duration.ofDays(1)), config);
    callStarts = input(Topics.CALL_STARTS.name());
    contacts = input(Topics.CONTACT_CHANGES.name());
    dnc = input(Topics.DNC_CHANGES.name());
    audience = input(Topics.AUDIENCE_ROWS.name());
    answers = driver.createOutputTopic(Topics.AGENT_VARIABLES.name(), new StringDeserializer(),
        new ByteArrayDeserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  TestInputTopic<String, byte[]> input(String topic) {
    return driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer());
  }

  static byte[] bytes(SpecificRecord event) {
    return CODEC.encode(event);
  }

  @Test
  void shouldKeepOnlyNewerContactVersionsAndMoveTheNumber() {
    ContactChange v2 = contact("c-1", 2, "+14155550002", "Two", NOW);
    contacts.pipeInput(Topics.key(WS, "c-1"), bytes(v2));
    contacts.pipeInput(Topics.key(WS, "c-1"), bytes(contact("c-1", 1, "+14155550001", "One", NOW)));
    assertThat(holder("+14155550002")).isEqualTo("Two");
    assertThat(holder("+14155550001")).isNull();

    contacts.pipeInput(Topics.key(WS, "c-1"), bytes(contact("c-1", 3, "+14155550001", "Three", NOW)));
    assertThat(holder("+14155550002")).as("old number released").isNull();
    assertThat(holder("+14155550001")).isEqualTo("Three");

    ContactChange erased = contact("c-1", 4, "+14155550001", null, NOW);
    erased.getContact().setStatus(ContactStatus.ERASED);
    contacts.pipeInput(Topics.key(WS, "c-1"), bytes(erased));
    contacts.pipeInput(Topics.key(WS, "c-1"), bytes(contact("c-1", 3, "+14155550001", "Three", NOW)));
    assertThat(holder("+14155550001")).as("an older version never resurrects an erased contact").isNull();
  }

  @Test
  void shouldNotHandANumberBackToItsFormerOwnerWhenChangesArriveOutOfOrder() {
    contacts.pipeInput(Topics.key(WS, "current"), bytes(contact("current", 1, "+14155550003", "Current",
        NOW.minusSeconds(60))));
    contacts.pipeInput(Topics.key(WS, "former"), bytes(contact("former", 1, "+14155550003", "Former",
        NOW.minusSeconds(3600))));
    assertThat(holder("+14155550003")).isEqualTo("Current");
  }

  @Test
  void shouldKeepOnlyNewerDncVersionsAndDeadLetterInvalidOnes() {
    String phone = "+14155550004";
    dnc.pipeInput(Topics.key(WS, phone), bytes(dncChange(phone, 2, "v2", DncScope.WORKSPACE)));
    dnc.pipeInput(Topics.key(WS, phone), bytes(dncChange(phone, 1, "v1", DncScope.WORKSPACE)));
    dnc.pipeInput(Topics.key(WS, phone), bytes(dncChange(phone, 3, "bad", DncScope.CAMPAIGN)));
    dnc.pipeInput(Topics.key(WS, phone), "garbage".getBytes(StandardCharsets.UTF_8));

    KeyValueStore<String, byte[]> store = driver.getKeyValueStore(StateStores.DNC);
    assertThat(CODEC.decode(DncChange.class, store.get(Topics.key(WS, phone))).getVersion()).isEqualTo(2);
    List<TestRecord<String, byte[]>> dead = driver.createOutputTopic("dnc-changes.DLT", new StringDeserializer(),
        new ByteArrayDeserializer()).readRecordsToList();
    assertThat(dead).hasSize(2);
    assertThat(new String(dead.get(0).headers().lastHeader("dlt-reason").value(), StandardCharsets.UTF_8))
        .contains("CAMPAIGN scope but no campaignId");
    assertThat(new String(dead.get(1).headers().lastHeader("dlt-reason").value(), StandardCharsets.UTF_8))
        .contains("DncChange");
  }

  @Test
  void shouldAnswerFromTheNumbersStateAndRepeatTheStoredAnswerForEveryCallStartOfOneCall() {
    String phone = "+14155550005";
    contacts.pipeInput(Topics.key(WS, "c-5"), bytes(contact("c-5", 1, phone, "Ada", NOW)));
    audience.pipeInput(Topics.key(WS, "spring:" + phone), bytes(AudienceRow.newBuilder().setEventId(UUID.randomUUID())
        .setWorkspaceId(WS).setOccurredAt(NOW).setSource("import-service").setCampaignId("spring")
        .setPhoneE164(phone).setImportId("import-1").setRowNumber(1L).setColumns(Map.of("Plan", "Gold")).build()));
    CallStart first = callStart("call-1", "(415) 555-0005");
    callStarts.pipeInput(Topics.key(WS, "call-1"), bytes(first));
    dnc.pipeInput(Topics.key(WS, phone), bytes(dncChange(phone, 1, "later", DncScope.WORKSPACE)));
    callStarts.pipeInput(Topics.key(WS, "call-1"), bytes(CallStart.newBuilder(first).setEventId(UUID.randomUUID())
        .build()));
    callStarts.pipeInput(Topics.key(WS, "call-2"), bytes(callStart("call-2", phone)));

    List<TestRecord<String, byte[]>> out = answers.readRecordsToList();
    assertThat(out).hasSize(3);
    AgentVariables answer = CODEC.decode(AgentVariables.class, out.get(0).value());
    assertThat(out.get(0).key()).isEqualTo(Topics.key(WS, "call-1"));
    assertThat(answer.getStatus()).isEqualTo(ResolutionStatus.READY);
    assertThat(answer.getVariables()).containsEntry("first_name", "Ada");
    assertThat(answer.getReason()).contains("Gold");
    assertThat(out.get(1).value()).as("the retry gets the stored answer, byte for byte").isEqualTo(out.get(0).value());
    assertThat(answerer.duplicates).containsExactly("call-1");
    assertThat(CODEC.decode(AgentVariables.class, out.get(2).value()).getStatus()).isEqualTo(ResolutionStatus.BLOCKED_DNC);
  }

  @Test
  void shouldDeadLetterCallStartsWithoutCallIdAndListAnImportsNumbersInRowOrder() {
    callStarts.pipeInput("no-call-id", bytes(CallStart.newBuilder(callStart("x", "+14155550006")).setCallId("").build()));
    assertThat(driver.createOutputTopic("call-starts.DLT", new StringDeserializer(), new ByteArrayDeserializer())
        .readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("no-call-id");
    assertThat(answers.isEmpty()).isTrue();

    for (long row = 3; row >= 1; row--) {
      String phone = "+1415555001" + row;
      audience.pipeInput(Topics.key(WS, "spring:" + phone), bytes(AudienceRow.newBuilder().setEventId(UUID.randomUUID())
          .setWorkspaceId(WS).setOccurredAt(NOW).setSource("import-service").setCampaignId("spring")
          .setPhoneE164(phone).setImportId("import-2").setRowNumber(row).setColumns(Map.of()).build()));
    }
    List<String> rows = new ArrayList<>();
    KeyValueStore<String, byte[]> imports = driver.getKeyValueStore(StateStores.AUDIENCE_IMPORTS);
    try (var it = imports.prefixScan(StateStores.importPrefix(WS, "import-2"), new StringSerializer())) {
      it.forEachRemaining(kv -> rows.add(kv.key.substring(kv.key.lastIndexOf('|') + 1)));
    }
    assertThat(rows).containsExactly("+14155550011", "+14155550012", "+14155550013");
  }

  private String holder(String phone) {
    byte[] held = driver.<String, byte[]>getKeyValueStore(StateStores.CONTACTS_BY_PHONE).get(Topics.key(WS, phone));
    return held == null ? null : CODEC.decode(ContactChange.class, held).getContact().getFirstName();
  }

  static ContactChange contact(String id, long version, String phone, String firstName, Instant updatedAt) {
    return ContactChange.newBuilder().setEventId(UUID.randomUUID()).setWorkspaceId(WS).setOccurredAt(NOW)
        .setSource("contact-service").setContactId(id).setVersion(version)
        .setContact(ContactState.newBuilder().setPhoneE164(phone).setFirstName(firstName)
            .setCreatedAt(updatedAt).setUpdatedAt(updatedAt).build())
        .build();
  }

  static DncChange dncChange(String phone, long version, String reason, DncScope scope) {
    return DncChange.newBuilder().setEventId(UUID.randomUUID()).setWorkspaceId(WS).setOccurredAt(NOW)
        .setSource("dnc-service").setPhoneE164(phone).setVersion(version)
        .setEntries(List.of(DncEntryState.newBuilder().setEntryId(UUID.randomUUID().toString()).setScope(scope)
            .setDncSource(DncSource.MANUAL).setReason(reason).setActor("a").setCreatedAt(NOW).build()))
        .build();
  }

  static CallStart callStart(String callId, String phone) {
    return CallStart.newBuilder().setEventId(UUID.randomUUID()).setWorkspaceId(WS).setOccurredAt(NOW)
        .setSource("dialer").setCallId(callId).setCampaignId("spring").setPhone(phone).build();
  }
}
