package io.contactsplatform.e2e;

import io.contactsplatform.schemas.SingleObjectEventCodec;
import io.contactsplatform.schemas.Topic;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.UUID;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Poison for a topic, each record unique so its dead letter can be recognised by its bytes:
 * {@link #undecodable} (text, no single-object marker) and {@link #invalid}: an event of the topic's
 * type that encodes and decodes as valid Avro but breaks the contract (a blank {@code workspaceId}),
 * built from the current schema alone (every field its type's simplest value, unions null when they
 * can be), so it follows schema changes without code here. Limit: "invalid" is only the envelope rule
 * every consumer checks, not each consumer's own rules.
 */
final class PoisonRecords {

  private PoisonRecords() {
  }

  static byte[] undecodable(String topic) {
    return ("soak poison for " + topic + " " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] invalid(Topic<?> topic) {
    SpecificRecord event = (SpecificRecord) simplest(SpecificData.get().getSchema(topic.valueType()));
    Schema.Field workspace = event.getSchema().getField("workspaceId");
    event.put(workspace.pos(), " ");
    return new SingleObjectEventCodec().encode(event);
  }

  private static Object simplest(Schema schema) {
    LogicalType logical = schema.getLogicalType();
    switch (schema.getType()) {
      case RECORD:
        SpecificRecord record = newRecord(schema);
        for (Schema.Field field : schema.getFields()) {
          record.put(field.pos(), simplest(field.schema()));
        }
        return record;
      case UNION:
        return schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL) ? null
            : simplest(schema.getTypes().get(0));
      case STRING:
        return logical != null && "uuid".equals(logical.getName()) ? UUID.randomUUID() : "soak";
      case LONG:
        return logical != null && logical.getName().startsWith("timestamp") ? Instant.now() : 0L;
      case INT:
        return logical != null && "date".equals(logical.getName()) ? LocalDate.now() : 0;
      case BOOLEAN:
        return false;
      case DOUBLE:
        return 0d;
      case FLOAT:
        return 0f;
      case ENUM:
        return SpecificData.get().createEnum(schema.getEnumSymbols().get(0), schema);
      case ARRAY:
        return new ArrayList<>();
      case MAP:
        return new HashMap<>();
      case BYTES:
        return ByteBuffer.allocate(0);
      case FIXED:
        return SpecificData.get().createFixed(null, new byte[schema.getFixedSize()], schema);
      default:
        return null;
    }
  }

  private static SpecificRecord newRecord(Schema schema) {
    try {
      return (SpecificRecord) SpecificData.get().getClass(schema).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("no generated class for " + schema.getFullName(), e);
    }
  }
}
