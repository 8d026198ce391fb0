package io.contactsplatform.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactsplatform.events.call.start.CallStart;
import io.contactsplatform.events.dnc.command.DncAction;
import io.contactsplatform.events.dnc.command.DncCommand;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

class SingleObjectEventCodecTest {

  /** CallStart as an integrator might still write it: before runtimeVariables existed. */
  private static final Schema OLDER_CALL_START = new Schema.Parser().parse("""
      {"type":"record","name":"CallStart","namespace":"io.contactsplatform.events.call.start","fields":[
        {"name":"eventId","type":{"type":"string","logicalType":"uuid"}},
        {"name":"workspaceId","type":"string"},
        {"name":"occurredAt","type":{"type":"long","logicalType":"timestamp-millis"}},
        {"name":"source","type":"string"},
        {"name":"callId","type":"string"},
        {"name":"campaignId","type":"string"},
        {"name":"phone","type":"string"},
        {"name":"contactId","type":["null","string"],"default":null}]}""");

  @Test
  void shouldRoundTripAnEventWithSingleObjectHeader() {
    SingleObjectEventCodec codec = new SingleObjectEventCodec();
    CallStart event = callStart();

    byte[] bytes = codec.encode(event);

    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(codec.decode(CallStart.class, bytes)).isEqualTo(event);
  }

  @Test
  void shouldDecodeOlderWriterSchemaByFingerprintWhenItIsReleased() throws Exception {
    SingleObjectEventCodec codec = new SingleObjectEventCodec(name -> name.equals(OLDER_CALL_START.getFullName())
        ? List.of(OLDER_CALL_START) : List.of());

    CallStart decoded = codec.decode(CallStart.class, encodeWithOlderSchema());

    assertThat(decoded.getCallId()).isEqualTo("call-1");
    assertThat(decoded.getRuntimeVariables()).isEmpty();
  }

  @Test
  void shouldDecodeEventsWrittenWithTheShippedV1SchemaIntoTheCurrentVersion() throws Exception {
    Schema v1 = ReleasedSchemas.versions(DncCommand.getClassSchema().getFullName()).get(0);
    GenericRecord old = new GenericData.Record(v1);
    old.put("eventId", UUID.randomUUID().toString());
    old.put("workspaceId", "ws-a");
    old.put("occurredAt", Instant.now().toEpochMilli());
    old.put("source", "compliance-feed");
    old.put("action", new GenericData.EnumSymbol(v1.getField("action").schema(), "REMOVE"));
    old.put("phone", "+14155550132");
    old.put("scope", new GenericData.EnumSymbol(v1.getField("scope").schema(), "WORKSPACE"));
    old.put("dncSource", new GenericData.EnumSymbol(v1.getField("dncSource").schema(), "NATIONAL_REGISTRY"));
    old.put("reason", "registry refresh");
    old.put("actor", "feed");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old, out);

    DncCommand decoded = new SingleObjectEventCodec().decode(DncCommand.class, out.toByteArray());

    assertThat(v1.getField("override")).isNull();
    assertThat(decoded.getOverride()).isFalse();
    assertThat(decoded.getAction()).isEqualTo(DncAction.REMOVE);
    assertThat(decoded.getReason()).isEqualTo("registry refresh");
  }

  @Test
  void shouldRejectWriterSchemaThatWasNeverReleased() throws Exception {
    SingleObjectEventCodec codec = new SingleObjectEventCodec(name -> List.of());

    assertThatThrownBy(() -> codec.decode(CallStart.class, encodeWithOlderSchema()))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("CallStart");
  }

  @Test
  void shouldRejectGarbage() {
    SingleObjectEventCodec codec = new SingleObjectEventCodec();

    assertThatThrownBy(() -> codec.decode(CallStart.class, "hello".getBytes()))
        .isInstanceOf(InvalidEventException.class);
  }

  private static byte[] encodeWithOlderSchema() throws Exception {
    GenericRecord old = new GenericData.Record(OLDER_CALL_START);
    old.put("eventId", UUID.randomUUID().toString());
    old.put("workspaceId", "ws-a");
    old.put("occurredAt", Instant.now().toEpochMilli());
    old.put("source", "old-dialer");
    old.put("callId", "call-1");
    old.put("campaignId", "camp-1");
    old.put("phone", "+14155550132");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new BinaryMessageEncoder<GenericRecord>(GenericData.get(), OLDER_CALL_START).encode(old, out);
    return out.toByteArray();
  }

  static CallStart callStart() {
    return CallStart.newBuilder()
        .setEventId(UUID.randomUUID())
        .setWorkspaceId("ws-a")
        .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
        .setSource("dialer")
        .setCallId("call-1")
        .setCampaignId("camp-1")
        .setPhone("+14155550132")
        .setRuntimeVariables(Map.of("agent_name", "Ava"))
        .build();
  }
}
