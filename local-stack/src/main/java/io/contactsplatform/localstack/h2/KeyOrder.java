package io.contactsplatform.localstack.h2;

import de.bwaldvogel.mongo.backend.KeyValue;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The key type of mongo-java-server's unique indexes on H2, in the same order and with the same
 * bytes on disk as H2's default {@link ObjectDataType}, only cheaper.
 *
 * <p>A unique-index key is a {@link KeyValue}, which H2 knows only as a {@code Serializable}: the
 * default type compares two of them by Java-serialising both and comparing the bytes, on every
 * probe of every binary search, and serialises every key of a page again each time it writes the
 * page (profiled: about two thirds of the store's time during an import). This type compares and
 * writes exactly those bytes, but builds them directly for the common key, one string of at most
 * 65,535 UTF-8 bytes (a fixed prefix, the string as {@code writeUTF} encodes it, a fixed suffix,
 * both taken from a real serialisation and checked once), serialises any other key the default
 * way, and serialises the searched key once per binary search rather than once per probe. Memory
 * estimates follow the default type's rule. Everything else is the default type's, so a file
 * written with either type reads the same with the other.
 */
final class KeyOrder extends ObjectDataType {

  /** H2's tag for a Java-serialised object ({@code ObjectDataType.TYPE_SERIALIZED_OBJECT}). */
  private static final int SERIALIZED_OBJECT = 19;
  private static final StringKeyForm STRING_KEYS = StringKeyForm.derive();

  /** H2's estimate of a serialised key's memory: twice its bytes, averaged as H2 does (starts at 10,000). */
  private volatile int averageSize = 10_000;

  @Override
  public int compare(Object a, Object b) {
    if (a instanceof KeyValue x && b instanceof KeyValue y) {
      return a == b ? 0 : compareNotNull(bytes(x), bytes(y));
    }
    return super.compare(a, b);
  }

  @Override
  public int binarySearch(Object key, Object storage, int size, int initialGuess) {
    if (!(key instanceof KeyValue keyValue)) {
      return super.binarySearch(key, storage, size, initialGuess);
    }
    Object[] keys = (Object[]) storage;
    byte[] searched = bytes(keyValue);
    int low = 0;
    int high = size - 1;
    int x = initialGuess - 1;
    if (x < 0 || x > high) {
      x = high >>> 1;
    }
    while (low <= high) {
      Object probe = keys[x];
      int compare = probe instanceof KeyValue other ? compareNotNull(searched, bytes(other)) : super.compare(key, probe);
      if (compare > 0) {
        low = x + 1;
      } else if (compare < 0) {
        high = x - 1;
      } else {
        return x;
      }
      x = (low + high) >>> 1;
    }
    return ~low;
  }

  /** The same bytes H2 writes for a serialised object: tag, length, Java serialisation. */
  @Override
  public void write(WriteBuffer buff, Object obj) {
    if (obj instanceof KeyValue key) {
      byte[] data = bytes(key);
      average(data.length);
      buff.put((byte) SERIALIZED_OBJECT).putVarInt(data.length).put(data);
    } else {
      super.write(buff, obj);
    }
  }

  @Override
  public Object read(ByteBuffer buff) {
    int start = buff.position();
    if (buff.get(start) == SERIALIZED_OBJECT) {
      buff.get();
      average(DataUtils.readVarInt(buff));
      buff.position(start);
    }
    return super.read(buff);
  }

  @Override
  public int getMemory(Object obj) {
    return obj instanceof KeyValue ? averageSize : super.getMemory(obj);
  }

  private void average(int length) {
    averageSize = (int) ((length * 2 + 15L * averageSize) / 16);
  }

  /** The Java serialisation of {@code key}. */
  static byte[] bytes(KeyValue key) {
    if (STRING_KEYS != null && key.size() == 1 && key.get(0) instanceof String text) {
      byte[] built = STRING_KEYS.bytes(text);
      if (built != null) {
        return built;
      }
    }
    return serialize(key);
  }

  /**
   * The serialisation of a one-string key: {@code prefix}, the string as {@code writeUTF} writes it
   * (two length bytes, then modified UTF-8), {@code suffix}.
   */
  record StringKeyForm(byte[] prefix, byte[] suffix) {

    private static final String MARKER = "\u0001key-order-marker\u0001";

    /** Taken from a real serialisation and checked against others; null (not used) when the JDK writes it otherwise. */
    static StringKeyForm derive() {
      byte[] marked = serialize(new KeyValue(MARKER));
      byte[] text = utf(MARKER);
      for (int at = 0; at + text.length <= marked.length; at++) {
        if (Arrays.equals(marked, at, at + text.length, text, 0, text.length)) {
          StringKeyForm form = new StringKeyForm(Arrays.copyOfRange(marked, 0, at),
              Arrays.copyOfRange(marked, at + text.length, marked.length));
          for (String sample : List.of("", "a", "ws|phone|+14155550132", "zoë \u0000 \u20ac \ud83d\ude00", "x".repeat(70_000))) {
            byte[] built = form.bytes(sample);
            if (built != null && !Arrays.equals(built, serialize(new KeyValue(sample)))) {
              return null;
            }
          }
          return form;
        }
      }
      return null;
    }

    /** The serialised key, or null when the string is too long for {@code writeUTF} (the JDK then writes it otherwise). */
    byte[] bytes(String value) {
      int length = utfLength(value);
      if (length > 0xFFFF) {
        return null;
      }
      byte[] out = new byte[prefix.length + 2 + length + suffix.length];
      System.arraycopy(prefix, 0, out, 0, prefix.length);
      int at = prefix.length;
      out[at++] = (byte) (length >>> 8);
      out[at++] = (byte) length;
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c >= 0x0001 && c <= 0x007F) {
          out[at++] = (byte) c;
        } else if (c <= 0x07FF) {
          out[at++] = (byte) (0xC0 | (c >> 6));
          out[at++] = (byte) (0x80 | (c & 0x3F));
        } else {
          out[at++] = (byte) (0xE0 | (c >> 12));
          out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
          out[at++] = (byte) (0x80 | (c & 0x3F));
        }
      }
      System.arraycopy(suffix, 0, out, at, suffix.length);
      return out;
    }

    private static int utfLength(String value) {
      int length = 0;
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        length += c >= 0x0001 && c <= 0x007F ? 1 : c <= 0x07FF ? 2 : 3;
      }
      return length;
    }

    private static byte[] utf(String value) {
      return new StringKeyForm(new byte[0], new byte[0]).bytes(value);
    }
  }
}
