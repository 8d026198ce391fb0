package io.contactsplatform.resolver.resolution;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.events.call.variables.AgentVariables;
import io.contactsplatform.events.call.variables.ResolutionStatus;
import io.contactsplatform.localstack.EmbeddedMongo;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The answers written behind into a MongoDB-protocol store, as a restarted instance finds them. */
class AnswerStoreTest {

  EmbeddedMongo mongo;
  MongoClient client;
  MongoDatabase database;

  @BeforeEach
  void start() {
    mongo = EmbeddedMongo.inMemory("127.0.0.1", 0).start();
    client = MongoClients.create(mongo.connectionString());
    database = client.getDatabase("resolver");
  }

  @AfterEach
  void stop() {
    client.close();
    mongo.close();
  }

  @Test
  void shouldKnowItsOwnAnswersAtOnceWithoutTheStore() {
    AnswerStore store = new AnswerStore(database);
    AgentVariables answer = answer("call-1");

    store.remember(answer);

    assertThat(store.find("ws", "call-1", false).block()).isEqualTo(
        new AnswerStore.Answered(answer.getEventId().toString(), "READY"));
    assertThat(new AnswerStore(database).find("ws", "call-1", true).block()).isNull();
  }

  @Test
  void shouldFindAFlushedAnswerAfterARestartOnlyForAPossibleRedelivery() {
    AnswerStore before = new AnswerStore(database);
    AgentVariables answer = answer("call-2");
    before.remember(answer);
    before.flush().block();

    AnswerStore after = new AnswerStore(database);
    assertThat(after.find("ws", "call-2", true).block())
        .isEqualTo(new AnswerStore.Answered(answer.getEventId().toString(), "READY"));
    assertThat(after.find("ws", "call-2", false).block()).isNull();
    assertThat(after.find("other-ws", "call-2", true).block()).isNull();
  }

  @Test
  void shouldKeepTheFirstStoredAnswerWhenTheSameCallIsFlushedTwice() {
    AnswerStore first = new AnswerStore(database);
    AgentVariables original = answer("call-3");
    first.remember(original);
    first.flush().block();
    AnswerStore second = new AnswerStore(database);
    second.remember(answer("call-3"));
    second.remember(answer("call-4"));

    second.flush().block();

    AnswerStore restarted = new AnswerStore(database);
    assertThat(restarted.find("ws", "call-3", true).block().eventId()).isEqualTo(original.getEventId().toString());
    assertThat(restarted.find("ws", "call-4", true).block()).isNotNull();
    assertThat(Mono.from(database.getCollection("answers").countDocuments()).block()).isEqualTo(2);
  }

  static AgentVariables answer(String callId) {
    return AgentVariables.newBuilder().setEventId(UUID.randomUUID()).setWorkspaceId("ws")
        .setOccurredAt(Instant.parse("2026-11-01T10:00:00Z")).setSource("test").setCallId(callId)
        .setCallStartEventId(UUID.randomUUID().toString()).setCampaignId("spring").setPhoneE164("+14155552671")
        .setStatus(ResolutionStatus.READY).setVariables(Map.of()).build();
  }
}
