package io.contactsplatform.resolver.resolution;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.events.call.variables.AgentVariables;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Which calls have been answered: the recent ones in memory (the last {@value #RECENT} answers of
 * this instance), all of them in collection {@code answers} keyed {@code workspace|callId} with
 * the answer's eventId and status (only the fact matters: a duplicate call-start is not answered
 * again). The store is read only for a call-start that may be a redelivery (see
 * {@link CallStartPositions}) and written a poll at a time after the answers are published, so in
 * steady state the call path never waits on the store. Known limits: kept forever (no TTL in
 * mongo-java-server); a dialer retry of a call answered before this instance's last restart or by
 * another instance is answered again (same callId, new eventId; dialers keep the first answer).
 */
@Component
class AnswerStore {

  static final int RECENT = 100_000;

  private final MongoCollection<Document> answers;
  private final Map<String, Answered> recent = new LinkedHashMap<>(1024, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Answered> eldest) {
      return size() > RECENT;
    }
  };

  AnswerStore(MongoDatabase database) {
    this.answers = database.getCollection("answers");
  }

  static String key(String workspaceId, String callId) {
    return workspaceId + "|" + callId;
  }

  /** An answer already published for a call. */
  record Answered(String eventId, String status) {
  }

  /**
   * The answer already published for this call; empty when none. Asks the store only when
   * {@code mayBeRedelivered} and this instance has not answered the call itself recently.
   */
  Mono<Answered> find(String workspaceId, String callId, boolean mayBeRedelivered) {
    Answered known;
    synchronized (recent) {
      known = recent.get(key(workspaceId, callId));
    }
    if (known != null || !mayBeRedelivered) {
      return Mono.justOrEmpty(known);
    }
    return Mono.from(answers.find(Filters.eq("_id", key(workspaceId, callId))).first())
        .map(stored -> new Answered(stored.getString("eventId"), stored.getString("status")));
  }

  /** Notes a published answer in memory at once; {@link #persist} stores it. */
  void remember(AgentVariables answer) {
    synchronized (recent) {
      recent.put(key(answer.getWorkspaceId(), answer.getCallId()),
          new Answered(answer.getEventId().toString(), answer.getStatus().name()));
    }
  }

  /** Stores published answers, one ordered bulk write. */
  Mono<Void> persist(List<AgentVariables> published) {
    if (published.isEmpty()) {
      return Mono.empty();
    }
    List<ReplaceOneModel<Document>> writes = published.stream().map(answer -> {
      String id = key(answer.getWorkspaceId(), answer.getCallId());
      Document doc = new Document("_id", id)
          .append("eventId", answer.getEventId().toString())
          .append("status", answer.getStatus().name())
          .append("createdAt", Date.from(answer.getOccurredAt()));
      return new ReplaceOneModel<>(Filters.eq("_id", id), doc, new ReplaceOptions().upsert(true));
    }).toList();
    return Mono.from(answers.bulkWrite(writes, new BulkWriteOptions().ordered(true))).then();
  }
}
