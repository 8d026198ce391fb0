package io.contactsplatform.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.events.call.variables.AgentVariables;
import io.contactsplatform.events.call.variables.ResolutionStatus;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class SchemaCompatibilityCheckTest {

  private static final String V1 = """
      {"type":"record","name":"Thing","namespace":"t","fields":[
        {"name":"id","type":"string"},
        {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["A","B"]}}]}""";

  @Test
  void shouldAcceptTheShippedCatalog() {
    assertThat(SchemaCompatibilityCheck.checkCatalog()).isEmpty();
  }

  @Test
  void shouldShipTheCurrentAgentVariablesAsItsLatestReleasedVersion() {
    List<Schema> released = ReleasedSchemas.versions(AgentVariables.getClassSchema().getFullName());

    assertThat(released).hasSize(3);
    assertThat(SchemaNormalization.parsingFingerprint64(released.get(2)))
        .as("v3 is the schema the code writes").isEqualTo(SchemaNormalization.parsingFingerprint64(AgentVariables.getClassSchema()));
    assertThat(released.get(1).getField("status").schema().getEnumSymbols()).doesNotContain("EXPIRED");
  }

  @Test
  void shouldLetReadersOfAgentVariablesV2ReadExpiredAsBlockedOther() throws Exception {
    AgentVariables expired = AgentVariables.newBuilder()
        .setEventId(UUID.randomUUID()).setWorkspaceId("ws-a").setOccurredAt(Instant.parse("2026-12-07T10:00:00Z"))
        .setSource("variable-resolver-service").setCallId("call-1").setCampaignId("camp-1")
        .setStatus(ResolutionStatus.EXPIRED).setReason("call-start is 95 s old").build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<>(AgentVariables.class).write(expired, encoder);
    encoder.flush();
    Schema v2 = ReleasedSchemas.versions(AgentVariables.getClassSchema().getFullName()).get(1);

    GenericRecord read = new GenericDatumReader<GenericRecord>(AgentVariables.getClassSchema(), v2)
        .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));

    assertThat(read.get("status")).hasToString("BLOCKED_OTHER");
    assertThat(read.get("reason")).hasToString("call-start is 95 s old");
  }

  @Test
  void shouldAcceptAnOptionalFieldWithDefault() {
    Schema v2 = parse("""
        {"type":"record","name":"Thing","namespace":"t","fields":[
          {"name":"id","type":"string"},
          {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["A","B"]}},
          {"name":"note","type":["null","string"],"default":null}]}""");

    assertThat(SchemaCompatibilityCheck.check(v2, List.of(parse(V1)))).isEmpty();
  }

  @Test
  void shouldRejectANewRequiredFieldAsNotBackwardCompatible() {
    Schema v2 = parse("""
        {"type":"record","name":"Thing","namespace":"t","fields":[
          {"name":"id","type":"string"},
          {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["A","B"]}},
          {"name":"owner","type":"string"}]}""");

    assertThat(SchemaCompatibilityCheck.check(v2, List.of(parse(V1))))
        .singleElement().asString().contains("not backward compatible").contains("owner");
  }

  @Test
  void shouldRejectANewEnumSymbolWithoutDefaultAsNotForwardCompatible() {
    Schema v2 = parse("""
        {"type":"record","name":"Thing","namespace":"t","fields":[
          {"name":"id","type":"string"},
          {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["A","B","C"]}}]}""");

    assertThat(SchemaCompatibilityCheck.check(v2, List.of(parse(V1))))
        .singleElement().asString().contains("not forward compatible");
  }

  @Test
  void shouldRejectAChangedFieldTypeBothWays() {
    Schema v2 = parse("""
        {"type":"record","name":"Thing","namespace":"t","fields":[
          {"name":"id","type":"long"},
          {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["A","B"]}}]}""");

    assertThat(SchemaCompatibilityCheck.check(v2, List.of(parse(V1)))).hasSize(2);
  }

  private static Schema parse(String json) {
    return new Schema.Parser().parse(json);
  }
}
