package io.contactsplatform.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro single-object encoding (0xC3 0x01 marker, 8-byte CRC-64-AVRO fingerprint, binary body).
 * Readers resolve older writer schemas by fingerprint from {@link ReleasedSchemas}; a fingerprint
 * that is neither current nor released is rejected as {@link InvalidEventException}.
 * Thread-safe; encoders and decoders are cached per type.
 */
public final class SingleObjectEventCodec implements EventCodec {

  /** Package whose generated classes Avro 1.12 may instantiate. */
  public static final String EVENTS_PACKAGE = "io.contactsplatform.events.";

  static {
    trustEventClasses();
  }

  private final Map<Class<?>, BinaryMessageEncoder<SpecificRecord>> encoders = new ConcurrentHashMap<>();
  private final Map<Class<?>, BinaryMessageDecoder<?>> decoders = new ConcurrentHashMap<>();
  private final Function<String, List<Schema>> releasedVersions;

  /** A codec that knows the released versions shipped in this artifact. */
  public SingleObjectEventCodec() {
    this(ReleasedSchemas::versions);
  }

  /** A codec that resolves writer schemas from {@code releasedVersions} (full name to versions). */
  public SingleObjectEventCodec(Function<String, List<Schema>> releasedVersions) {
    this.releasedVersions = releasedVersions;
  }

  /** Lets Avro instantiate the generated event classes (Avro 1.12.2 refuses untrusted classes). */
  public static synchronized void trustEventClasses() {
    ClassSecurityValidator.ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
    ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(current,
        type -> type.getName().startsWith(EVENTS_PACKAGE)));
  }

  @Override
  public byte[] encode(SpecificRecord event) {
    BinaryMessageEncoder<SpecificRecord> encoder = encoders.computeIfAbsent(event.getClass(),
        type -> new BinaryMessageEncoder<>(SpecificData.getForClass(type), event.getSchema()));
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try {
      encoder.encode(event, out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends SpecificRecord> T decode(Class<T> type, byte[] bytes) {
    if (bytes == null) {
      throw new InvalidEventException("empty message: a " + type.getSimpleName() + " was expected");
    }
    BinaryMessageDecoder<T> decoder = (BinaryMessageDecoder<T>) decoders.computeIfAbsent(type, this::decoderFor);
    try {
      return decoder.decode(bytes);
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | ClassCastException e) {
      throw new InvalidEventException("not a decodable " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private BinaryMessageDecoder<?> decoderFor(Class<?> type) {
    SpecificData model = SpecificData.getForClass(type);
    Schema current = model.getSchema(type);
    SchemaStore.Cache store = new SchemaStore.Cache();
    for (Schema released : releasedVersions.apply(current.getFullName())) {
      store.addSchema(released);
    }
    return new BinaryMessageDecoder<>(model, current, store);
  }
}
