package io.contactsplatform.localstack.h2;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

/** {@link KeyOrder} must order keys exactly like H2's default type, or existing files would be misread. */
class KeyOrderTest {

  private final ObjectDataType standard = new ObjectDataType();
  private final KeyOrder keyOrder = new KeyOrder();
  private final Random random = new Random(7);

  @Test
  void shouldCompareKeysExactlyLikeTheDefaultType() {
    List<Object> keys = keys(3_000);

    for (int i = 0; i < 20_000; i++) {
      Object a = keys.get(random.nextInt(keys.size()));
      Object b = keys.get(random.nextInt(keys.size()));
      assertThat(Integer.signum(keyOrder.compare(a, b)))
          .as("compare(%s, %s)", a, b)
          .isEqualTo(Integer.signum(standard.compare(a, b)));
    }
  }

  @Test
  void shouldFindTheSamePositionsAsTheDefaultTypeInASortedPage() {
    List<Object> keys = keys(2_000);
    List<Object> sorted = new ArrayList<>(keys.subList(0, 1_000));
    sorted.sort(standard::compare);
    Object[] page = sorted.toArray();

    for (Object key : keys) {
      for (int guess : new int[] {0, 1, 500, 999}) {
        assertThat(keyOrder.binarySearch(key, page, page.length, guess))
            .as("binarySearch(%s, guess %d)", key, guess)
            .isEqualTo(standard.binarySearch(key, page, page.length, guess));
      }
    }
  }

  @Test
  void shouldWriteTheSameBytesAsTheDefaultTypeAndReadThemBack() {
    for (Object key : keys(1_000)) {
      WriteBuffer ours = new WriteBuffer();
      WriteBuffer theirs = new WriteBuffer();
      keyOrder.write(ours, key);
      keyOrder.write(ours, key);
      standard.write(theirs, key);
      standard.write(theirs, key);

      ByteBuffer written = ours.getBuffer().flip();
      assertThat(written).as("bytes of %s", key).isEqualTo(theirs.getBuffer().flip());
      assertThat(keyOrder.read(written)).isEqualTo(key);
      assertThat(keyOrder.read(written)).isEqualTo(key);
      assertThat(written.hasRemaining()).isFalse();
    }
  }

  @Test
  void shouldBuildTheJavaSerialisationOfStringKeysWithoutSerialising() {
    assertThat(KeyOrder.StringKeyForm.derive()).isNotNull();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 2_000; i++) {
      text.setLength(0);
      int length = i == 0 ? 70_000 : random.nextInt(i % 10 == 0 ? 3_000 : 40);
      for (int c = 0; c < length; c++) {
        text.append(switch (random.nextInt(6)) {
          case 0 -> (char) random.nextInt(0x80);
          case 1 -> (char) (0x80 + random.nextInt(0x780));
          case 2 -> (char) (0x800 + random.nextInt(0xF7FF));
          default -> (char) ('a' + random.nextInt(26));
        });
      }
      KeyValue key = new KeyValue(text.toString());
      assertThat(KeyOrder.bytes(key)).as("key of length %d", length).isEqualTo(ObjectDataType.serialize(key));
    }
  }

  @Test
  void shouldKeepDocumentsThatAreEqualButSerialiseDifferentlyApart() {
    KeyValue ab = new KeyValue(new Document("a", 1).append("b", 2));
    KeyValue ba = new KeyValue(new Document("b", 2).append("a", 1));

    assertThat(Integer.signum(keyOrder.compare(ab, ba))).isEqualTo(Integer.signum(standard.compare(ab, ba)));
    assertThat(Integer.signum(keyOrder.compare(ba, ab))).isEqualTo(Integer.signum(standard.compare(ba, ab)));
  }

  /** Keys like mongo-java-server's: string ids of every length, numbers, booleans, compound and document keys. */
  private List<Object> keys(int n) {
    List<Object> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      keys.add(switch (i % 9) {
        case 0 -> new KeyValue(UUID.randomUUID().toString());
        case 1 -> new KeyValue("ws-" + random.nextInt(50) + "|phone|+1415" + (2000000 + random.nextInt(8000000)));
        case 2 -> new KeyValue("é" + "x".repeat(random.nextInt(300)) + "ü");
        case 3 -> new KeyValue(random.nextInt(1000) - 500);
        case 4 -> new KeyValue((long) random.nextInt(1000) << 33);
        case 5 -> new KeyValue(random.nextDouble() * 1000 - 500);
        case 6 -> new KeyValue(random.nextBoolean());
        case 7 -> new KeyValue("import-" + random.nextInt(20), (long) random.nextInt(100));
        default -> new KeyValue(new Document("k", random.nextInt(30)).append("v", "x" + random.nextInt(5)));
      });
    }
    keys.add(new KeyValue(""));
    keys.add(new KeyValue(0));
    keys.add(new KeyValue(-0.0));
    return keys;
  }
}
