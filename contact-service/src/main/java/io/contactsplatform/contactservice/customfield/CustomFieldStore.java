package io.contactsplatform.contactservice.customfield;

import static io.contactsplatform.support.mongo.MongoValues.instant;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.support.customfield.CustomFieldType;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Custom field definitions in {@code custom_fields}, keyed {@code workspace|key} on {@code _id}
 * (so a key is unique per workspace by construction). A workspace has at most a few hundred, so
 * listing one workspace's definitions scans a small collection.
 */
@Component
public class CustomFieldStore {

  private final MongoCollection<Document> fields;

  CustomFieldStore(MongoDatabase database) {
    this.fields = database.getCollection("custom_fields");
  }

  static String id(String workspaceId, String key) {
    return workspaceId + "|" + key;
  }

  /** The workspace's definitions by key, in key order. */
  public Mono<Map<String, CustomFieldDefinition>> definitions(String workspaceId) {
    return list(workspaceId).collectMap(CustomFieldDefinition::key, d -> d, LinkedHashMap::new);
  }

  public Flux<CustomFieldDefinition> list(String workspaceId) {
    return Flux.from(fields.find(Filters.eq("workspaceId", workspaceId)))
        .map(CustomFieldStore::fromDocument)
        .sort(Comparator.comparing(CustomFieldDefinition::key));
  }

  public Mono<CustomFieldDefinition> find(String workspaceId, String key) {
    return Mono.from(fields.find(Filters.eq("_id", id(workspaceId, key))).first()).map(CustomFieldStore::fromDocument);
  }

  Mono<Long> count(String workspaceId) {
    return Mono.from(fields.countDocuments(Filters.eq("workspaceId", workspaceId)));
  }

  /** Inserts; false when the key exists already. */
  Mono<Boolean> insert(String workspaceId, CustomFieldDefinition definition) {
    return Mono.from(fields.insertOne(toDocument(workspaceId, definition))).thenReturn(true)
        .onErrorResume(e -> e instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY,
            e -> Mono.just(false));
  }

  Mono<Void> replace(String workspaceId, CustomFieldDefinition definition) {
    return Mono.from(fields.replaceOne(Filters.eq("_id", id(workspaceId, definition.key())),
        toDocument(workspaceId, definition))).then();
  }

  Mono<Void> delete(String workspaceId, String key) {
    return Mono.from(fields.deleteOne(Filters.eq("_id", id(workspaceId, key)))).then();
  }

  private static Document toDocument(String workspaceId, CustomFieldDefinition d) {
    return new Document("_id", id(workspaceId, d.key()))
        .append("workspaceId", workspaceId)
        .append("key", d.key())
        .append("label", d.label())
        .append("type", d.type().name())
        .append("allowedValues", d.allowedValues())
        .append("required", d.required())
        .append("default", d.defaultValue())
        .append("owner", d.owner())
        .append("description", d.description())
        .append("createdAt", Date.from(d.createdAt()))
        .append("updatedAt", Date.from(d.updatedAt()));
  }

  private static CustomFieldDefinition fromDocument(Document d) {
    List<String> allowed = d.getList("allowedValues", String.class);
    return new CustomFieldDefinition(d.getString("key"), d.getString("label"), CustomFieldType.valueOf(d.getString("type")),
        allowed, Boolean.TRUE.equals(d.getBoolean("required")), d.get("default"), d.getString("owner"),
        d.getString("description"), instant(d.getDate("createdAt")), instant(d.getDate("updatedAt")));
  }
}
