package io.contactsplatform.schemas;

import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * One Kafka topic of the contract: its name, the Avro type of its values, how its key is built,
 * its partition count and whether it is log-compacted. Immutable.
 *
 * @param name        kebab-case topic name
 * @param valueType   generated Avro class carried as the record value
 * @param keyFormat   how producers build the string key, e.g. {@code workspaceId:contactId}
 * @param partitions  partition count the services declare
 * @param compacted   true when the topic carries full entity state and is log-compacted
 */
public record Topic<V extends SpecificRecord>(String name, Class<V> valueType, String keyFormat,
                                              int partitions, boolean compacted) {

  /** Suffix of the dead-letter topic kept for every consumed topic. */
  public static final String DEAD_LETTER_SUFFIX = ".DLT";

  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(valueType, "valueType");
    Objects.requireNonNull(keyFormat, "keyFormat");
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1");
    }
  }

  /** The current (newest) value schema, as compiled into the generated class. */
  public Schema schema() {
    return SpecificData.get().getSchema(valueType);
  }

  /** Name of this topic's dead-letter topic. */
  public String deadLetter() {
    return name + DEAD_LETTER_SUFFIX;
  }
}
