package io.contactsplatform.resolver.readmodel;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.events.audience.AudienceRow;
import io.contactsplatform.schemas.InvalidEventException;
import io.contactsplatform.support.phone.PhoneNumbers;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Projection of audience-rows. {@code audience_rows} is keyed {@code workspace|campaign|E.164} with
 * the row's columns (last write wins per key: rows of one key share a partition, so arrival order
 * is publish order; replaying a row rewrites the same state). Columns are stored as name/value
 * pairs so CSV headers never become MongoDB field names.
 *
 * <p>{@code audience_imports} lists the numbers of each import, for readiness reports, without a
 * secondary index: chunk documents {@code workspace|importId|<rowNumber / 500>} hold the numbers
 * ({@code $addToSet}, so redelivery is harmless) and a header {@code workspace|importId} lists the
 * chunks. The header is written by every row that did not just add a number to an existing chunk,
 * so a crash between the two writes is repaired by the redelivery of the chunk's first row.
 */
@Component
public class AudienceRowStore {

  static final int CHUNK_ROWS = 500;
  private static final int HASH_CHUNKS = 64;

  private final MongoCollection<Document> rows;
  private final MongoCollection<Document> imports;

  AudienceRowStore(MongoDatabase database) {
    this.rows = database.getCollection("audience_rows");
    this.imports = database.getCollection("audience_imports");
  }

  static String key(String workspaceId, String campaignId, String e164) {
    return workspaceId + "|" + campaignId + "|" + e164;
  }

  static String importKey(String workspaceId, String importId) {
    return workspaceId + "|" + importId;
  }

  /** Replaces the stored row of (campaign, number) with this one and lists the number under its import. */
  public Mono<Void> apply(AudienceRow row) {
    if (row.getCampaignId() == null || row.getCampaignId().isBlank()) {
      return Mono.error(new InvalidEventException("AudienceRow has no campaignId"));
    }
    String e164 = row.getPhoneE164();
    if (e164 == null || !e164.equals(PhoneNumbers.toE164(e164, null).orElse(null))) {
      return Mono.error(new InvalidEventException("AudienceRow phoneE164 is not valid E.164"));
    }
    List<Document> columns = new ArrayList<>();
    row.getColumns().forEach((name, value) -> columns.add(new Document("name", name).append("value", value)));
    String id = key(row.getWorkspaceId(), row.getCampaignId(), e164);
    Document doc = new Document("_id", id)
        .append("workspaceId", row.getWorkspaceId())
        .append("campaignId", row.getCampaignId())
        .append("phoneE164", e164)
        .append("importId", row.getImportId())
        .append("rowNumber", row.getRowNumber())
        .append("occurredAt", Date.from(row.getOccurredAt()))
        .append("columns", columns);
    return Mono.from(rows.replaceOne(Filters.eq("_id", id), doc, new ReplaceOptions().upsert(true)))
        .then(row.getImportId() == null || row.getImportId().isBlank() ? Mono.empty() : listUnderImport(row, e164));
  }

  private Mono<Void> listUnderImport(AudienceRow row, String e164) {
    String header = importKey(row.getWorkspaceId(), row.getImportId());
    long chunk = row.getRowNumber() != null ? row.getRowNumber() / CHUNK_ROWS
        : -1 - Math.floorMod(e164.hashCode(), HASH_CHUNKS);
    String chunkId = header + "|" + chunk;
    return Mono.from(imports.updateOne(Filters.eq("_id", chunkId),
            Updates.combine(Updates.addToSet("phones", e164), Updates.setOnInsert("workspaceId", row.getWorkspaceId())),
            new UpdateOptions().upsert(true)))
        .flatMap(result -> addedToExistingChunk(result) ? Mono.empty()
            : Mono.from(imports.updateOne(Filters.eq("_id", header), Updates.combine(
                Updates.addToSet("chunks", chunk),
                Updates.set("workspaceId", row.getWorkspaceId()),
                Updates.set("campaignId", row.getCampaignId())), new UpdateOptions().upsert(true))))
        .then();
  }

  private static boolean addedToExistingChunk(UpdateResult result) {
    return result.getUpsertedId() == null && result.getModifiedCount() > 0;
  }

  /** The columns of the number's row in this campaign's audience; empty when it has none. */
  public Mono<Map<String, String>> columns(String workspaceId, String campaignId, String e164) {
    return Mono.from(rows.find(Filters.eq("_id", key(workspaceId, campaignId, e164))).first())
        .map(AudienceRowStore::columnsOf);
  }

  /** The columns of each of these numbers that has a row in this campaign's audience (one {@code $in} read). */
  public Mono<Map<String, Map<String, String>>> columns(String workspaceId, String campaignId, Collection<String> e164s) {
    return Flux.from(rows.find(Filters.in("_id", e164s.stream().map(p -> key(workspaceId, campaignId, p)).toList())))
        .collect(HashMap::new, (map, doc) -> map.put(doc.getString("phoneE164"), columnsOf(doc)));
  }

  /** The numbers of an import's audience rows in this workspace, in chunk order; empty when the import has none. */
  public Mono<ImportAudience> importAudience(String workspaceId, String importId) {
    String header = importKey(workspaceId, importId);
    return Mono.from(imports.find(Filters.eq("_id", header)).first())
        .filter(d -> workspaceId.equals(d.getString("workspaceId")))
        .flatMap(d -> {
          List<String> chunkIds = d.getList("chunks", Number.class, List.of()).stream()
              .map(Number::longValue).sorted().map(c -> header + "|" + c).toList();
          return Flux.from(imports.find(Filters.in("_id", chunkIds)))
              .collectMap(c -> c.getString("_id"), c -> c.getList("phones", String.class, List.of()))
              .map(byChunk -> {
                Set<String> phones = new LinkedHashSet<>();
                chunkIds.forEach(id -> phones.addAll(byChunk.getOrDefault(id, List.of())));
                return new ImportAudience(importId, d.getString("campaignId"), List.copyOf(phones));
              });
        });
  }

  /** The numbers an import put in a campaign audience ({@code campaignId} of its latest row). */
  public record ImportAudience(String importId, String campaignId, List<String> phones) {
  }

  private static Map<String, String> columnsOf(Document doc) {
    Map<String, String> columns = new LinkedHashMap<>();
    for (Document pair : doc.getList("columns", Document.class, List.of())) {
      columns.put(pair.getString("name"), pair.getString("value"));
    }
    return Collections.unmodifiableMap(columns);
  }
}
