package io.contactsplatform.schemas;

import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka value deserializer for every topic of the catalog: picks the value type from
 * {@link Topics} by topic name, decodes through the {@link EventCodec} and checks the envelope
 * every event must carry (eventId, a non-blank workspaceId, occurredAt, source). Anything else
 * fails with a {@link SerializationException} naming the reason, which spring-kafka's
 * {@code ErrorHandlingDeserializer} turns into a dead-lettered record.
 */
public class EventDeserializer implements Deserializer<SpecificRecord> {

  private final EventCodec codec;

  public EventDeserializer() {
    this(new SingleObjectEventCodec());
  }

  public EventDeserializer(EventCodec codec) {
    this.codec = codec;
  }

  @Override
  public SpecificRecord deserialize(String topic, byte[] data) {
    Topic<?> contract = Topics.byName(topic)
        .orElseThrow(() -> new SerializationException("topic " + topic + " is not in the event catalog"));
    try {
      SpecificRecord event = codec.decode(contract.valueType(), data);
      EventEnvelope.validate(event);
      return event;
    } catch (InvalidEventException e) {
      throw new SerializationException(topic + ": " + e.getMessage(), e);
    }
  }

  /** Checks the fields every event carries. */
  static final class EventEnvelope {
    private EventEnvelope() {
    }

    static void validate(SpecificRecord event) {
      String type = event.getSchema().getName();
      requireText(event, "eventId", type);
      requireText(event, "workspaceId", type);
      requireText(event, "source", type);
      if (get(event, "occurredAt") == null) {
        throw new InvalidEventException(type + " has no occurredAt");
      }
      try {
        UUID.fromString(get(event, "eventId").toString());
      } catch (IllegalArgumentException e) {
        throw new InvalidEventException(type + " eventId is not a UUID");
      }
    }

    private static void requireText(SpecificRecord event, String field, String type) {
      Object value = get(event, field);
      if (value == null || value.toString().isBlank()) {
        throw new InvalidEventException(type + " has no " + field);
      }
    }

    private static Object get(SpecificRecord event, String field) {
      Schema.Field f = event.getSchema().getField(field);
      return f == null ? null : event.get(f.pos());
    }
  }
}
