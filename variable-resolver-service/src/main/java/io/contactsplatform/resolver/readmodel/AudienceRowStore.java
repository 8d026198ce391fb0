package io.contactsplatform.resolver.readmodel;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.events.audience.AudienceRow;
import io.contactsplatform.schemas.InvalidEventException;
import io.contactsplatform.support.phone.PhoneNumbers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Projection of audience-rows: collection {@code audience_rows} keyed
 * {@code workspace|campaign|E.164} with the row's columns. Last write wins per key (rows of one key
 * share a partition, so arrival order is publish order); replaying a row rewrites the same state.
 * Columns are stored as name/value pairs so CSV headers never become MongoDB field names.
 */
@Component
public class AudienceRowStore {

  private final MongoCollection<Document> rows;

  AudienceRowStore(MongoDatabase database) {
    this.rows = database.getCollection("audience_rows");
  }

  static String key(String workspaceId, String campaignId, String e164) {
    return workspaceId + "|" + campaignId + "|" + e164;
  }

  /** Replaces the stored row of (campaign, number) with this one. */
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
    return Mono.from(rows.replaceOne(Filters.eq("_id", id), doc, new ReplaceOptions().upsert(true))).then();
  }

  /** The columns of the number's row in this campaign's audience; empty when it has none. */
  public Mono<Map<String, String>> columns(String workspaceId, String campaignId, String e164) {
    return Mono.from(rows.find(Filters.eq("_id", key(workspaceId, campaignId, e164))).first())
        .map(doc -> {
          Map<String, String> columns = new LinkedHashMap<>();
          for (Document pair : doc.getList("columns", Document.class, List.of())) {
            columns.put(pair.getString("name"), pair.getString("value"));
          }
          return Collections.unmodifiableMap(columns);
        });
  }
}
