package io.contactsplatform.localstack.h2;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import de.bwaldvogel.mongo.backend.KeyValue;
import java.nio.ByteBuffer;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The key type of mongo-java-server's unique indexes on H2, in the same order and the same bytes
 * on disk as H2's default {@link ObjectDataType}, only cheaper to compare.
 *
 * <p>A unique-index key is a {@link KeyValue}, which H2 knows only as a {@code Serializable}: the
 * default type compares two of them by Java-serialising both and comparing the bytes, on every
 * probe of every binary search, so one {@code _id} lookup in a million-key index serialises some
 * forty objects (profiled: about two thirds of the store's time during an import). This type
 * compares exactly those bytes, but serialises the searched key once per binary search and keeps
 * the serialised form of recently compared keys made of strings and numbers ({@value #CACHED_KEYS}
 * at most, by {@link KeyValue#equals}, which for those values means equal serialised forms). Everything else — other key
 * classes, writing, reading, memory estimates — is the default type's, so files written with either
 * type read the same with the other.
 */
final class KeyOrder extends ObjectDataType {

  static final int CACHED_KEYS = 200_000;
  /** H2's tag for a Java-serialised object ({@code ObjectDataType.TYPE_SERIALIZED_OBJECT}). */
  private static final int SERIALIZED_OBJECT = 19;

  private final Cache<KeyValue, byte[]> serialized = Caffeine.newBuilder().maximumSize(CACHED_KEYS).build();
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

  /** The same bytes H2 writes for a serialised object (tag, length, Java serialisation), from the cache. */
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

  private byte[] bytes(KeyValue key) {
    return cacheable(key) ? serialized.get(key, ObjectDataType::serialize) : serialize(key);
  }

  /**
   * True when keys equal to {@code key} serialise to the same bytes: every value is a string,
   * boolean or boxed integer or double. (Documents, for one, can be equal with their fields in
   * another order, which serialises differently.)
   */
  private static boolean cacheable(KeyValue key) {
    for (Object value : key) {
      if (!(value instanceof String || value instanceof Integer || value instanceof Long || value instanceof Double
          || value instanceof Boolean)) {
        return false;
      }
    }
    return true;
  }
}
