package io.contactsplatform.schemas;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka value serializer for every event of the contract, through the {@link EventCodec}. */
public class EventSerializer implements Serializer<SpecificRecord> {

  private final EventCodec codec;

  public EventSerializer() {
    this(new SingleObjectEventCodec());
  }

  public EventSerializer(EventCodec codec) {
    this.codec = codec;
  }

  @Override
  public byte[] serialize(String topic, SpecificRecord event) {
    return event == null ? null : codec.encode(event);
  }
}
