package io.contactsplatform.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Stopping the store: bounded, so a store that never finishes closing cannot hang a stop. */
class EmbeddedMongoTest {

  @Test
  void shouldGiveUpWaitingForAStoreThatNeverFinishesClosing() {
    CountDownLatch never = new CountDownLatch(1);
    MemoryBackend stuck = new MemoryBackend() {
      @Override
      public void close() {
        try {
          never.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    MongoServer server = new MongoServer(stuck);
    server.bind("127.0.0.1", 0);

    long started = System.nanoTime();
    boolean closed = EmbeddedMongo.shutDown(server, stuck, Duration.ofMillis(300));

    assertThat(closed).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    never.countDown();
  }

  @Test
  void shouldReportAStoreThatClosed() {
    MemoryBackend backend = new MemoryBackend();
    MongoServer server = new MongoServer(backend);
    server.bind("127.0.0.1", 0);

    assertThat(EmbeddedMongo.shutDown(server, backend, Duration.ofSeconds(10))).isTrue();
  }
}
