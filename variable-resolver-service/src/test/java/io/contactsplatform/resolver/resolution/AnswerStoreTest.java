package io.contactsplatform.resolver.resolution;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.events.call.variables.AgentVariables;
import io.contactsplatform.events.call.variables.ResolutionStatus;
import io.contactsplatform.testsupport.TestStore;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The answers written behind into a MongoDB-protocol store, as a restarted instance finds them. */
class AnswerStoreTest {

  TestStore testStore;
  MongoDatabase database;
  CallStartPositions positions = new CallStartPositions();

  @BeforeEach
  void start() {
    testStore = TestStore.start();
    database = testStore.database("resolver");
  }

  @AfterEach
  void stop() {
    testStore.close();
  }

  @Test
  void shouldKnowItsOwnAnswersAtOnceWithoutTheStore() {
    AnswerStore store = new AnswerStore(database, positions);
    AgentVariables answer = answer("call-1");

    store.remember(answer, null);

    assertThat(store.find("ws", "call-1", false).block()).isEqualTo(
        new AnswerStore.Answered(answer.getEventId().toString(), "READY"));
    assertThat(new AnswerStore(database, positions).find("ws", "call-1", true).block()).isNull();
  }

  @Test
  void shouldFindAFlushedAnswerAfterARestartOnlyForAPossibleRedelivery() {
    AnswerStore before = new AnswerStore(database, positions);
    AgentVariables answer = answer("call-2");
    before.remember(answer, null);
    before.flush().block();

    AnswerStore after = new AnswerStore(database, positions);
    assertThat(after.find("ws", "call-2", true).block())
        .isEqualTo(new AnswerStore.Answered(answer.getEventId().toString(), "READY"));
    assertThat(after.find("ws", "call-2", false).block()).isNull();
    assertThat(after.find("other-ws", "call-2", true).block()).isNull();
  }

  @Test
  void shouldKeepTheFirstStoredAnswerWhenTheSameCallIsFlushedTwice() {
    AnswerStore first = new AnswerStore(database, positions);
    AgentVariables original = answer("call-3");
    first.remember(original, null);
    first.flush().block();
    AnswerStore second = new AnswerStore(database, positions);
    second.remember(answer("call-3"), null);
    second.remember(answer("call-4"), null);

    second.flush().block();

    AnswerStore restarted = new AnswerStore(database, positions);
    assertThat(restarted.find("ws", "call-3", true).block().eventId()).isEqualTo(original.getEventId().toString());
    assertThat(restarted.find("ws", "call-4", true).block()).isNotNull();
    assertThat(Mono.from(database.getCollection("answers").countDocuments()).block()).isEqualTo(2);
  }

  @Test
  void shouldNotStoreAnAnswerWhoseCallStartWasCommittedBeforeTheFlush() {
    AnswerStore store = new AnswerStore(database, positions);
    store.remember(answer("call-5"), new CallStartDelivery("call-starts", 0, 7, false));
    store.remember(answer("call-6"), new CallStartDelivery("call-starts", 0, 8, false));
    positions.onComplete(Map.of(new TopicPartition("call-starts", 0), new OffsetAndMetadata(8)), null);

    store.flush().block();

    AnswerStore restarted = new AnswerStore(database, positions);
    assertThat(restarted.find("ws", "call-5", true).block()).isNull();
    assertThat(restarted.find("ws", "call-6", true).block()).isNotNull();
  }

  @Test
  void shouldStoreTheAnswerWhenTheCommitFailed() {
    AnswerStore store = new AnswerStore(database, positions);
    store.remember(answer("call-7"), new CallStartDelivery("call-starts", 1, 3, false));
    positions.onComplete(Map.of(new TopicPartition("call-starts", 1), new OffsetAndMetadata(4)),
        new IllegalStateException("commit failed"));

    store.flush().block();

    assertThat(new AnswerStore(database, positions).find("ws", "call-7", true).block()).isNotNull();
  }

  @Test
  void shouldHoldAnAnswerBackUntilSettledAndThenStoreItOnlyIfItsCallStartIsStillNotCommitted() {
    long[] now = {0};
    AnswerStore store = new AnswerStore(database, positions, () -> now[0]);
    store.remember(answer("call-8"), new CallStartDelivery("call-starts", 2, 10, false));
    store.remember(answer("call-9"), new CallStartDelivery("call-starts", 2, 11, false));

    now[0] = AnswerStore.SETTLE.toNanos() - 1;
    store.flushSettled().block();
    assertThat(Mono.from(database.getCollection("answers").countDocuments()).block()).isZero();

    positions.onComplete(Map.of(new TopicPartition("call-starts", 2), new OffsetAndMetadata(11)), null);
    now[0] = AnswerStore.SETTLE.toNanos();
    store.flushSettled().block();

    AnswerStore restarted = new AnswerStore(database, positions);
    assertThat(restarted.find("ws", "call-8", true).block()).isNull();
    assertThat(restarted.find("ws", "call-9", true).block()).isNotNull();
  }

  @Test
  void shouldStoreYoungUncommittedAnswersWhenFlushedOnStop() {
    AnswerStore store = new AnswerStore(database, positions, () -> 0L);
    store.remember(answer("call-10"), new CallStartDelivery("call-starts", 0, 20, false));

    store.flush().block();

    assertThat(new AnswerStore(database, positions).find("ws", "call-10", true).block()).isNotNull();
  }

  static AgentVariables answer(String callId) {
    return AgentVariables.newBuilder().setEventId(UUID.randomUUID()).setWorkspaceId("ws")
        .setOccurredAt(Instant.parse("2026-11-01T10:00:00Z")).setSource("test").setCallId(callId)
        .setCallStartEventId(UUID.randomUUID().toString()).setCampaignId("spring").setPhoneE164("+14155552671")
        .setStatus(ResolutionStatus.READY).setVariables(Map.of()).build();
  }
}
