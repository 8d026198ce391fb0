package io.contactsplatform.support.auth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The shared key store: API keys created through the admin API, in the {@value #KEYS} collection
 * of one MongoDB database every service reads ({@code platform.auth.key-store.database}, default
 * {@value #DEFAULT_DATABASE}, on the same deployment as the service's own database). A key is a
 * document {@code {_id: sha256(secret), keyId, workspaceId, name, createdAt, revokedAt?,
 * lastUsedAt?}}: only the SHA-256 of the secret is stored, and a lookup is one read by
 * {@code _id}.
 *
 * <p>Each instance caches what it looked up (found, unknown or revoked) for
 * {@code platform.auth.key-store.cache-ttl} (10 s): a revoked key stops working on every instance of
 * every service at most that long after the revocation (at once on the instance that revoked it),
 * and a new key works at once (its hash was never looked up before). A failed or slow lookup
 * (beyond {@code lookup-timeout}) is not cached and fails the request with 503: the store being
 * unreachable never lets a key in. Found keys get {@code lastUsedAt} set, at most once per cache
 * period per instance (the only write services other than the admin API's host make here).
 *
 * <p>Limits: the database must be reachable through the service's own MongoDB client (same
 * deployment); the cache holds at most 100,000 hashes per instance.
 */
public class ApiKeyStore {

  /** Default name of the shared key database. */
  public static final String DEFAULT_DATABASE = "platform_auth";
  /** Collection of API keys. */
  public static final String KEYS = "api_keys";
  /** Collection of workspaces created through the admin API (and the configured ones it bootstrapped). */
  public static final String WORKSPACES = "workspaces";

  private static final Logger log = LoggerFactory.getLogger(ApiKeyStore.class);

  private final MongoDatabase database;
  private final MongoCollection<Document> keys;
  private final AsyncCache<String, Optional<Workspace>> cache;
  private final Duration lookupTimeout;
  private final Clock clock;

  public ApiKeyStore(MongoDatabase database, WorkspaceAuthProperties.KeyStore settings, Clock clock) {
    this.database = database;
    this.keys = database.getCollection(KEYS);
    this.cache = Caffeine.newBuilder().expireAfterWrite(settings.cacheTtl()).maximumSize(100_000).buildAsync();
    this.lookupTimeout = settings.lookupTimeout();
    this.clock = clock;
  }

  /** The shared key database (for the admin API's writes). */
  public MongoDatabase database() {
    return database;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * The caller a key's SHA-256 stands for: empty when unknown or revoked; an error when the store
   * could not answer within the lookup timeout.
   */
  public Mono<Optional<Workspace>> authenticate(String sha256Hex) {
    return Mono.fromFuture(() -> cache.get(sha256Hex, (hash, executor) -> lookup(hash).toFuture()), true);
  }

  /** Forgets what this instance cached about a key (called on revocation). */
  public void invalidate(String sha256Hex) {
    cache.synchronous().invalidate(sha256Hex);
  }

  private Mono<Optional<Workspace>> lookup(String hash) {
    return Mono.from(keys.find(Filters.eq("_id", hash)).first())
        .map(d -> d.get("revokedAt") != null
            ? Optional.<Workspace>empty()
            : Optional.of(new Workspace(d.getString("workspaceId"), d.getString("keyId"), d.getString("name"))))
        .defaultIfEmpty(Optional.empty())
        .timeout(lookupTimeout)
        .doOnNext(found -> found.ifPresent(w -> touch(hash)));
  }

  private void touch(String hash) {
    Mono.from(keys.updateOne(Filters.eq("_id", hash), Updates.set("lastUsedAt", Date.from(clock.instant()))))
        .timeout(Duration.ofSeconds(10))
        .subscribe(null, e -> log.debug("could not record a key's last use: {}", e.toString()));
  }
}
