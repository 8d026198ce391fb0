package io.contactsplatform.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.avro.Schema;
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
