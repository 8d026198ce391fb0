package io.contactsplatform.resolver.campaign;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.time.Duration;
import java.util.Date;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The immutable history of campaign configs, collection {@code campaign_versions}: one document per
 * (workspace, campaign, version), {@code _id} {@code workspace|campaignId|<version, 12 digits>}
 * (so the key is unique without a secondary index), plus a unique index on
 * (workspaceId, campaignId, version) that serves the newest-first listing on MongoDB.
 *
 * <p>A version document is written only from a version that is (or was) the head, with
 * {@code $setOnInsert}: writing it twice is harmless and it is never changed afterwards. The head
 * moves first and the version document follows, so a crash in between leaves at most the head's own
 * version without its document; {@link #record} of the head (done before every save and before
 * listing) fills it in. The embedded store does not build the compound index; its queries scan
 * (operator path only).
 */
@Component
class CampaignVersionStore {

  private static final Logger log = LoggerFactory.getLogger(CampaignVersionStore.class);

  private final MongoDatabase database;
  private final MongoCollection<Document> versions;

  CampaignVersionStore(MongoDatabase database) {
    this.database = database;
    this.versions = database.getCollection("campaign_versions");
  }

  static String key(String workspaceId, String campaignId, long version) {
    return CampaignStore.key(workspaceId, campaignId) + "|" + String.format("%012d", version);
  }

  @EventListener(ApplicationReadyEvent.class)
  void declareIndexes() {
    Mono.from(versions.createIndex(Indexes.compoundIndex(Indexes.ascending("workspaceId", "campaignId"),
            Indexes.descending("version")), new IndexOptions().unique(true)))
        .then(Mono.from(database.getCollection("campaigns").createIndex(Indexes.ascending("workspaceId", "_id"))))
        .timeout(Duration.ofMinutes(1))
        .subscribe(null, e -> log.warn("could not declare the campaign indexes: {}", e.toString()));
  }

  /** Writes {@code version}'s document unless it exists (idempotent; never overwrites). */
  Mono<Void> record(VersionedConfig version) {
    CampaignConfig c = version.config();
    Document config = CampaignStore.toDocument(version);
    config.remove("_id");
    Bson insert = Updates.combine(
        Updates.setOnInsert("workspaceId", c.workspaceId()),
        Updates.setOnInsert("campaignId", c.campaignId()),
        Updates.setOnInsert("version", version.version()),
        Updates.setOnInsert("savedAt", Date.from(c.updatedAt())),
        Updates.setOnInsert("actor", version.actor()),
        Updates.setOnInsert("summary", version.summary()),
        Updates.setOnInsert("config", config));
    return Mono.from(versions.updateOne(Filters.eq("_id", key(c.workspaceId(), c.campaignId(), version.version())),
            insert, new UpdateOptions().upsert(true)))
        // two writers upserting the same new document: the loser's duplicate key means it is there
        .onErrorResume(MongoWriteException.class, e -> e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY
            ? Mono.empty() : Mono.error(e))
        .then();
  }

  /** Version {@code version} of the campaign in this workspace; empty when none. */
  Mono<VersionedConfig> find(String workspaceId, String campaignId, long version) {
    return Mono.from(versions.find(Filters.eq("_id", key(workspaceId, campaignId, version))).first())
        .filter(d -> workspaceId.equals(d.getString("workspaceId")))
        .map(CampaignVersionStore::fromDocument);
  }

  /** Versions older than {@code beforeVersion} (null: all), newest first. */
  Flux<VersionedConfig> list(String workspaceId, String campaignId, Long beforeVersion, int limit) {
    Bson filter = Filters.and(Filters.eq("workspaceId", workspaceId), Filters.eq("campaignId", campaignId));
    if (beforeVersion != null) {
      filter = Filters.and(filter, Filters.lt("version", beforeVersion));
    }
    return Flux.from(versions.find(filter).sort(Sorts.descending("version")).limit(limit))
        .map(CampaignVersionStore::fromDocument);
  }

  private static VersionedConfig fromDocument(Document d) {
    return new VersionedConfig(CampaignStore.fromDocument(d.get("config", Document.class)),
        d.get("version", Number.class).longValue(), d.getString("actor"), d.getString("summary"));
  }
}
