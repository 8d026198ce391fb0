package io.contactsplatform.schemas;

import org.apache.avro.specific.SpecificRecord;

/**
 * Turns events into bytes and back. The only place that knows the wire format, so a
 * registry-backed format can replace {@link SingleObjectEventCodec} without touching listeners.
 */
public interface EventCodec {

  byte[] encode(SpecificRecord event);

  /**
   * Decodes bytes written with any released version of {@code type}'s schema into the current one.
   *
   * @throws InvalidEventException when the bytes are not a decodable event of that type
   */
  <T extends SpecificRecord> T decode(Class<T> type, byte[] bytes);
}
