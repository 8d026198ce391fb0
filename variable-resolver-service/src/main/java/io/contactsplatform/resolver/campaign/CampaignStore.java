package io.contactsplatform.resolver.campaign;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The current version of each campaign config in MongoDB, collection {@code campaigns} keyed
 * {@code workspace|campaignId} (the "head"; the immutable history is {@link CampaignVersionStore}).
 * A save is a compare-and-set on the head's {@code version} ({@link #compareAndSet}); there are no
 * transactions. Static variables are stored as name/value pairs so their names
 * never become MongoDB field names. Documents written before types and policies existed read as
 * TEXT variables with policy USE_DEFAULT (what they meant then).
 *
 * <p>Call-starts read a config on every call, so {@link #find} serves it from memory: fresh for
 * {@link #CACHE_FOR}; after that the config in memory is still served while ONE background read
 * refreshes it (no call waits on the store, and a burst of calls does not become a burst of
 * reads), for at most {@link #SERVE_STALE_FOR}; older than that (the store unreachable for that
 * long, or the campaign not asked for) the call waits for the store, and fails if it cannot be
 * read. A change made through another instance takes effect here within about a second.
 */
@Component
public class CampaignStore {

  /** How long a config read from the store is served from memory (call-starts read it on every call). */
  static final Duration CACHE_FOR = Duration.ofSeconds(1);
  /** How long a config older than {@link #CACHE_FOR} is still served while it is being refreshed. */
  static final Duration SERVE_STALE_FOR = Duration.ofSeconds(30);
  private static final Logger log = LoggerFactory.getLogger(CampaignStore.class);

  private final MongoCollection<Document> campaigns;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final Set<String> refreshing = ConcurrentHashMap.newKeySet();

  private final LongSupplier nanoTime;

  private record Cached(Optional<CampaignConfig> config, long loadedNanos) {
  }

  @Autowired
  CampaignStore(MongoDatabase database) {
    this(database, System::nanoTime);
  }

  CampaignStore(MongoDatabase database, LongSupplier nanoTime) {
    this.campaigns = database.getCollection("campaigns");
    this.nanoTime = nanoTime;
  }

  static String key(String workspaceId, String campaignId) {
    return workspaceId + "|" + campaignId;
  }

  /**
   * The current version of the campaign's config read from the store (never from memory: an edit
   * must see the exact version it builds on); empty when none or another workspace's. A document
   * written before versions existed reads as version 1.
   */
  Mono<VersionedConfig> head(String workspaceId, String campaignId) {
    return Mono.from(campaigns.find(Filters.eq("_id", key(workspaceId, campaignId))).first())
        .filter(d -> workspaceId.equals(d.getString("workspaceId")))
        .map(CampaignStore::versionedFromDocument);
  }

  /**
   * Makes {@code next} the current version if the current one is still {@code previous} (null:
   * there is none yet): one atomic compare-and-set on the head document (a replace filtered on the
   * version, or an insert for the first). True when it won; false when another save got there
   * first (nothing written). The memory of this instance is updated at once.
   */
  Mono<Boolean> compareAndSet(VersionedConfig previous, VersionedConfig next) {
    CampaignConfig c = next.config();
    String key = key(c.workspaceId(), c.campaignId());
    Document document = toDocument(next);
    Mono<Boolean> written;
    if (previous == null) {
      written = Mono.from(campaigns.insertOne(document)).thenReturn(true)
          .onErrorResume(MongoWriteException.class, e -> e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY
              ? Mono.just(false) : Mono.error(e));
    } else {
      Bson sameVersion = previous.version() == 1
          ? Filters.or(Filters.eq("version", 1L), Filters.exists("version", false))
          : Filters.eq("version", previous.version());
      written = Mono.from(campaigns.replaceOne(Filters.and(Filters.eq("_id", key), sameVersion), document))
          .map(result -> result.getMatchedCount() == 1);
    }
    return written.doOnNext(won -> {
      if (won) {
        cache.put(key, new Cached(Optional.of(c), nanoTime.getAsLong()));
      }
    });
  }

  /** The workspace's campaigns ordered by id, after {@code afterCampaignId} (null: from the start). */
  Flux<VersionedConfig> list(String workspaceId, String afterCampaignId, int limit) {
    String prefix = workspaceId + "|";
    Bson range = Filters.and(Filters.eq("workspaceId", workspaceId),
        Filters.gt("_id", afterCampaignId == null ? prefix : key(workspaceId, afterCampaignId)),
        Filters.lt("_id", workspaceId + "}"));
    return Flux.from(campaigns.find(range).sort(Sorts.ascending("_id")).limit(limit))
        .map(CampaignStore::versionedFromDocument);
  }

  /**
   * The campaign's config in this workspace; empty when none (also for other workspaces' campaigns).
   * From memory while fresh, or while being refreshed in the background (see the class comment);
   * a change made here takes effect at once.
   */
  public Mono<CampaignConfig> find(String workspaceId, String campaignId) {
    String key = key(workspaceId, campaignId);
    Cached cached = cache.get(key);
    if (cached != null) {
      long age = nanoTime.getAsLong() - cached.loadedNanos();
      if (age < CACHE_FOR.toNanos()) {
        return Mono.justOrEmpty(cached.config());
      }
      if (age < SERVE_STALE_FOR.toNanos()) {
        refreshInBackground(workspaceId, key);
        return Mono.justOrEmpty(cached.config());
      }
    }
    return load(workspaceId, key);
  }

  private void refreshInBackground(String workspaceId, String key) {
    if (refreshing.add(key)) {
      load(workspaceId, key)
          .doFinally(signal -> refreshing.remove(key))
          .subscribe(config -> { }, e -> log.warn("campaign config {} not refreshed (served from memory for up to {}): {}",
              key, SERVE_STALE_FOR, e.toString()));
    }
  }

  private Mono<CampaignConfig> load(String workspaceId, String key) {
    long loading = nanoTime.getAsLong();
    return Mono.from(campaigns.find(Filters.eq("_id", key)).first())
        .filter(d -> workspaceId.equals(d.getString("workspaceId")))
        .map(CampaignStore::fromDocument)
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty())
        .doOnNext(config -> {
          if (cache.size() > 10_000) {
            cache.clear();
          }
          cache.merge(key, new Cached(config, loading), (old, fresh) -> fresh.loadedNanos() > old.loadedNanos() ? fresh : old);
        })
        .flatMap(Mono::justOrEmpty);
  }

  static Document toDocument(VersionedConfig v) {
    return toDocument(v.config())
        .append("version", v.version())
        .append("updatedBy", v.actor())
        .append("summary", v.summary());
  }

  static VersionedConfig versionedFromDocument(Document d) {
    Number version = d.get("version", Number.class);
    return new VersionedConfig(fromDocument(d), version == null ? 1 : version.longValue(),
        d.getString("updatedBy"), d.getString("summary"));
  }

  private static Document toDocument(CampaignConfig c) {
    List<Document> statics = new ArrayList<>();
    c.staticVariables().forEach((name, value) -> statics.add(new Document("name", name).append("value", value)));
    List<Document> variables = new ArrayList<>();
    for (VariableDefinition v : c.variables()) {
      Binding b = v.binding();
      variables.add(new Document("name", v.name())
          .append("type", v.type().name())
          .append("binding", b == null ? null : b.toString())
          .append("value", b != null && b.kind() == Binding.Kind.STATIC ? b.key() : null)
          .append("required", v.required())
          .append("defaultValue", v.defaultValue()));
    }
    CallingWindow w = c.callingWindow();
    Document window = w == null ? null : new Document("start", CallingWindow.text(w.start()))
        .append("end", CallingWindow.text(w.end()))
        .append("days", w.dayNames());
    return new Document("_id", key(c.workspaceId(), c.campaignId()))
        .append("workspaceId", c.workspaceId())
        .append("campaignId", c.campaignId())
        .append("allowUnknownContacts", c.allowUnknownContacts())
        .append("staticVariables", statics)
        .append("variables", variables)
        .append("callingWindow", window)
        .append("fallbackTimezone", c.fallbackTimezone() == null ? null : c.fallbackTimezone().getId())
        .append("missingRequired", c.missingRequired().name())
        .append("updatedAt", Date.from(c.updatedAt()));
  }

  static CampaignConfig fromDocument(Document d) {
    Map<String, String> statics = new LinkedHashMap<>();
    for (Document pair : d.getList("staticVariables", Document.class, List.of())) {
      statics.put(pair.getString("name"), pair.getString("value"));
    }
    List<VariableDefinition> variables = new ArrayList<>();
    for (Document v : d.getList("variables", Document.class, List.of())) {
      String bindingText = v.getString("binding");
      Binding binding = Binding.STATIC.equals(bindingText) ? Binding.staticValue(v.getString("value"))
          : Binding.parse(bindingText);
      variables.add(new VariableDefinition(v.getString("name"),
          VariableType.parse(v.getString("type")).orElse(VariableType.TEXT), binding,
          Boolean.TRUE.equals(v.getBoolean("required")), v.getString("defaultValue")));
    }
    Document w = d.get("callingWindow", Document.class);
    CallingWindow window = null;
    if (w != null) {
      EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
      for (String day : w.getList("days", String.class, List.of())) {
        CallingWindow.parseDay(day).ifPresent(days::add);
      }
      window = new CallingWindow(CallingWindow.parseTime(w.getString("start")),
          CallingWindow.parseTime(w.getString("end")), days);
    }
    String zone = d.getString("fallbackTimezone");
    String policy = d.getString("missingRequired");
    return new CampaignConfig(d.getString("workspaceId"), d.getString("campaignId"),
        Boolean.TRUE.equals(d.getBoolean("allowUnknownContacts")), statics, variables, window,
        zone == null ? null : ZoneId.of(zone),
        policy == null ? MissingRequiredPolicy.USE_DEFAULT : MissingRequiredPolicy.valueOf(policy),
        d.getDate("updatedAt").toInstant());
  }
}
