package io.contactsplatform.contactservice.segment;

import static io.contactsplatform.support.mongo.MongoValues.instant;

import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Segments in {@code segments} (keyed by id; a workspace has few, so listing scans a small
 * collection) and static members in {@code segment_members} ({@link MemberChunks}).
 */
@Component
public class SegmentStore {

  private final MongoCollection<Document> segments;
  private final MemberChunks members;

  SegmentStore(MongoDatabase database) {
    this.segments = database.getCollection("segments");
    this.members = new MemberChunks(database.getCollection("segment_members"));
  }

  MemberChunks members() {
    return members;
  }

  public Mono<Segment> find(String workspaceId, String id) {
    return Mono.from(segments.find(Filters.and(Filters.eq("_id", id), Filters.eq("workspaceId", workspaceId))).first())
        .map(SegmentStore::fromDocument);
  }

  Flux<Segment> list(String workspaceId) {
    return Flux.from(segments.find(Filters.eq("workspaceId", workspaceId)))
        .map(SegmentStore::fromDocument)
        .sort(Comparator.comparing(Segment::createdAt).thenComparing(Segment::id));
  }

  /** Segments whose filter reads custom field {@code key}. */
  public Flux<Segment> usingCustomField(String workspaceId, String key) {
    return Flux.from(segments.find(Filters.and(Filters.eq("workspaceId", workspaceId),
        Filters.eq("customFieldsUsed", key)))).map(SegmentStore::fromDocument);
  }

  /** Every segment of the workspace that reads a custom field. */
  public Flux<Segment> usingCustomFields(String workspaceId) {
    return Flux.from(segments.find(Filters.and(Filters.eq("workspaceId", workspaceId),
        Filters.exists("customFieldsUsed.0")))).map(SegmentStore::fromDocument);
  }

  Mono<Void> save(String workspaceId, Segment s) {
    Document d = new Document("_id", s.id())
        .append("workspaceId", workspaceId)
        .append("name", s.name())
        .append("description", s.description())
        .append("type", s.type().name())
        .append("filter", s.filter())
        .append("search", s.search())
        .append("memberCount", s.memberCount())
        .append("snapshotOf", s.snapshotOf())
        .append("snapshotAt", s.snapshotAt() == null ? null : Date.from(s.snapshotAt()))
        .append("customFieldsUsed", s.customFieldsUsed())
        .append("createdAt", Date.from(s.createdAt()))
        .append("updatedAt", Date.from(s.updatedAt()));
    return Mono.from(segments.replaceOne(Filters.eq("_id", s.id()), d,
        new com.mongodb.client.model.ReplaceOptions().upsert(true))).then();
  }

  Mono<Void> delete(String id) {
    return Mono.from(segments.deleteOne(Filters.eq("_id", id))).then(members.delete(id));
  }

  private static Segment fromDocument(Document d) {
    Object filter = d.get("filter");
    Number count = d.get("memberCount", Number.class);
    return new Segment(d.getString("_id"), d.getString("name"), d.getString("description"),
        Segment.Type.valueOf(d.getString("type")), plain(filter), d.getString("search"),
        count == null ? null : count.longValue(), d.getString("snapshotOf"), instant(d.getDate("snapshotAt")),
        d.getList("customFieldsUsed", String.class), instant(d.getDate("createdAt")), instant(d.getDate("updatedAt")));
  }

  /** BSON documents back to plain maps and lists, as the filter was given. */
  private static Object plain(Object value) {
    if (value instanceof Document d) {
      Map<String, Object> map = new java.util.LinkedHashMap<>();
      d.forEach((k, v) -> map.put(k, plain(v)));
      return map;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(SegmentStore::plain).toList();
    }
    return value;
  }
}
