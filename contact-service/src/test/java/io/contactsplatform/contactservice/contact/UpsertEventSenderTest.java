package io.contactsplatform.contactservice.contact;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

class UpsertEventSenderTest {

  /** Records what it was asked to send; refuses {@code refuse} on the spot, acknowledges the others. */
  private static final class Recording extends UpsertEventSender {
    final List<String> tried = new ArrayList<>();
    private final String refuse;

    Recording(String refuse) {
      super(new DefaultKafkaProducerFactory<String, Object>(
          Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1",
              ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
              ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class)), "test", 10, 1024, "none");
      this.refuse = refuse;
    }

    @Override
    protected CompletableFuture<?> send(ProducerRecord<String, Object> record) {
      tried.add(record.key());
      return record.key().equals(refuse) ? CompletableFuture.failedFuture(new TimeoutException("no metadata"))
          : CompletableFuture.completedFuture(null);
    }
  }

  private static List<Throwable> sendAll(UpsertEventSender sender, List<String> keys) {
    return sender.sendAll(keys, key -> new ProducerRecord<>("topic", key, (Object) key)).block(Duration.ofSeconds(5));
  }

  @Test
  void shouldAnswerNullPerAcknowledgedRecordInListOrder() {
    Recording sender = new Recording(null);

    List<Throwable> outcomes = sendAll(sender, List.of("a", "b", "c"));

    assertThat(outcomes).containsExactly(null, null, null);
    assertThat(sender.tried).containsExactly("a", "b", "c");
  }

  @Test
  void shouldFailTheRecordsAfterOneRefusedOnTheSpotWithoutTryingThem() {
    Recording sender = new Recording("b");

    List<Throwable> outcomes = sendAll(sender, List.of("a", "b", "c", "d"));

    assertThat(sender.tried).containsExactly("a", "b");
    assertThat(outcomes.get(0)).isNull();
    assertThat(outcomes.subList(1, 4)).allSatisfy(e -> assertThat(e).isInstanceOf(TimeoutException.class));
  }
}
