package io.contactsplatform.resolver.resolution;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.events.call.variables.AgentVariables;
import java.util.Date;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Which calls have been answered, collection {@code answers} keyed {@code workspace|callId} with
 * the answer's eventId and status (not the whole event: a duplicate call-start is not answered
 * again, so only the fact matters, and small documents keep the store cheap on the hot path). One
 * {@code _id} read per call-start. Known limit: kept forever (no TTL in mongo-java-server).
 */
@Component
class AnswerStore {

  private final MongoCollection<Document> answers;

  AnswerStore(MongoDatabase database) {
    this.answers = database.getCollection("answers");
  }

  static String key(String workspaceId, String callId) {
    return workspaceId + "|" + callId;
  }

  /** An answer already published for a call. */
  record Answered(String eventId, String status) {
  }

  /** The answer already published for this call; empty when none. */
  Mono<Answered> find(String workspaceId, String callId) {
    return Mono.from(answers.find(Filters.eq("_id", key(workspaceId, callId))).first())
        .map(stored -> new Answered(stored.getString("eventId"), stored.getString("status")));
  }

  /** Records a published answer. */
  Mono<Void> remember(AgentVariables answer) {
    String id = key(answer.getWorkspaceId(), answer.getCallId());
    Document doc = new Document("_id", id)
        .append("eventId", answer.getEventId().toString())
        .append("status", answer.getStatus().name())
        .append("createdAt", Date.from(answer.getOccurredAt()));
    return Mono.from(answers.replaceOne(Filters.eq("_id", id), doc, new ReplaceOptions().upsert(true))).then();
  }
}
