package io.contactsplatform.support.lease;

import static io.contactsplatform.support.mongo.MongoValues.instant;
import static io.contactsplatform.support.mongo.MongoValues.isDuplicateKey;

import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Leases in the service database's {@code leases} collection: the one mechanism by which a job or
 * a periodic sweep runs on exactly one instance. A lease is a document
 * {@code {_id: name, owner, claimedAt, renewedAt, expiresAt}}.
 *
 * <ul>
 *   <li><b>Claim</b> is one atomic {@code findOneAndUpdate} with upsert, filtered on "expired, or
 *       already mine": when no lease exists the upsert inserts it; when another owner holds a live
 *       lease the filter does not match and the upsert's insert collides on the unique {@code _id}
 *       (duplicate key), which is answered as "lost". Two concurrent claimants therefore never both
 *       win.</li>
 *   <li><b>Renew</b> (the heartbeat) moves {@code expiresAt} only while {@code owner} is still this
 *       instance; finding another owner means the lease was lost: the {@link Hold} is marked lost and
 *       the work it guards is cancelled.</li>
 *   <li><b>Release</b> deletes the lease only if this instance owns it.</li>
 * </ul>
 *
 * <p>This instance never claims a name it already holds through a live {@link Hold} (so a periodic
 * scan does not start a second copy of a job running here). Expiry compares the instances' clocks:
 * they must agree to well within the TTL (NTP). A TTL index removes leases an hour after they
 * expired (leftovers of dead owners). Limit: the lease is not a fencing token; an owner paused for
 * longer than the TTL (GC, partition) can still write once before its next heartbeat notices the
 * loss, so the guarded writes must stay idempotent.
 */
public class Leases {

  public static final String COLLECTION = "leases";
  private static final Logger log = LoggerFactory.getLogger(Leases.class);
  private static final int DUPLICATE_KEY = 11000;

  private final MongoCollection<Document> leases;
  private final String owner;
  private final Clock clock;
  private final Duration ttl;
  private final Duration renewEvery;
  private final Set<String> heldHere = ConcurrentHashMap.newKeySet();

  public Leases(MongoDatabase database, LeaseProperties properties, Clock clock) {
    this.leases = database.getCollection(COLLECTION);
    this.owner = properties.instanceId();
    this.clock = clock;
    this.ttl = properties.ttl();
    this.renewEvery = properties.renewEvery();
  }

  /** This instance's owner id. */
  public String owner() {
    return owner;
  }

  public Duration ttl() {
    return ttl;
  }

  /** The TTL index on {@code expiresAt} (an hour of grace, so late heartbeats never race the deletion). */
  public Mono<Void> declareIndexes() {
    return Mono.from(leases.createIndex(Indexes.ascending("expiresAt"),
        new IndexOptions().expireAfter(3600L, TimeUnit.SECONDS))).then();
  }

  /** Claims {@code name} if it is free, expired or already ours: true when this instance holds it now. */
  public Mono<Boolean> claim(String name) {
    Instant now = clock.instant();
    Bson filter = Filters.and(Filters.eq("_id", name),
        Filters.or(Filters.lte("expiresAt", Date.from(now)), Filters.eq("owner", owner)));
    Bson update = Updates.combine(Updates.set("owner", owner), Updates.set("claimedAt", Date.from(now)),
        Updates.set("renewedAt", Date.from(now)), Updates.set("expiresAt", Date.from(now.plus(ttl))));
    return Mono.from(leases.findOneAndUpdate(filter, update,
            new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER)))
        .map(d -> owner.equals(d.getString("owner")))
        .defaultIfEmpty(false)
        .onErrorResume(MongoException.class, e -> e.getCode() == DUPLICATE_KEY || isDuplicateKey(e)
            ? Mono.just(false) : Mono.error(e));
  }

  /** Extends our lease on {@code name}: false when another instance owns it (or it is gone). */
  public Mono<Boolean> renew(String name) {
    Instant now = clock.instant();
    return Mono.from(leases.findOneAndUpdate(Filters.and(Filters.eq("_id", name), Filters.eq("owner", owner)),
            Updates.combine(Updates.set("renewedAt", Date.from(now)), Updates.set("expiresAt", Date.from(now.plus(ttl))))))
        .map(d -> true)
        .defaultIfEmpty(false);
  }

  /** Gives {@code name} up if this instance holds it. */
  public Mono<Void> release(String name) {
    return Mono.from(leases.deleteOne(Filters.and(Filters.eq("_id", name), Filters.eq("owner", owner)))).then();
  }

  /** The stored lease on {@code name}, if any. */
  public Mono<Lease> find(String name) {
    return Mono.from(leases.find(Filters.eq("_id", name)).first())
        .map(d -> new Lease(d.getString("_id"), d.getString("owner"), instant(d.getDate("claimedAt")),
            instant(d.getDate("renewedAt")), instant(d.getDate("expiresAt"))));
  }

  /** True when this instance runs work under {@code name} right now. */
  public boolean heldHere(String name) {
    return heldHere.contains(name);
  }

  /**
   * Claims {@code name} and starts its heartbeat; empty when another instance holds it or this
   * instance already runs it. The caller must {@link Hold#release()} it when the work ends.
   */
  public Mono<Hold> acquire(String name) {
    return Mono.defer(() -> {
      if (!heldHere.add(name)) {
        return Mono.empty();
      }
      return claim(name)
          .onErrorResume(e -> {
            heldHere.remove(name);
            return Mono.error(e);
          })
          .flatMap(won -> {
            if (!won) {
              heldHere.remove(name);
              return Mono.empty();
            }
            return Mono.just(new Hold(name));
          });
    });
  }

  /**
   * Runs {@code work} only if {@code name} can be acquired, renewing the lease while it runs and
   * releasing it after; empty when another instance holds it. If a renewal finds the lease lost the
   * work is cancelled and the answer is a {@link LeaseLostException}.
   */
  public <T> Mono<T> runExclusively(String name, Function<Hold, Mono<T>> work) {
    return Mono.usingWhen(acquire(name),
        hold -> work.apply(hold).takeUntilOther(hold.whenLost())
            .switchIfEmpty(Mono.defer(() -> hold.lost() ? Mono.error(new LeaseLostException(name)) : Mono.empty())),
        Hold::release, (hold, error) -> hold.release(), Hold::release);
  }

  /**
   * A lease this instance holds while its work runs: renewed every {@code renew-every}; lost when a
   * renewal finds another owner, or when renewals keep failing (store unreachable) until the
   * lease's expiry has passed, since another instance may then take it.
   */
  public final class Hold {

    private final String name;
    private final Sinks.Empty<Void> lostSignal = Sinks.empty();
    private final Disposable heartbeat;
    private volatile boolean lost;
    private volatile Instant validUntil;
    private volatile boolean released;

    private Hold(String name) {
      this.name = name;
      this.validUntil = clock.instant().plus(ttl);
      this.heartbeat = Flux.interval(renewEvery, renewEvery, Schedulers.parallel())
          .onBackpressureDrop()
          .concatMap(tick -> beat(), 1)
          .subscribe();
    }

    private Mono<Void> beat() {
      Instant attempt = clock.instant();
      return renew(name)
          .doOnNext(mine -> {
            if (mine) {
              validUntil = attempt.plus(ttl);
            } else {
              markLost("another instance owns it now");
            }
          })
          .onErrorResume(e -> {
            if (!clock.instant().isBefore(validUntil)) {
              markLost("renewals failed until it expired (" + e + ")");
            } else {
              log.warn("could not renew lease {}, will retry: {}", name, e.toString());
            }
            return Mono.empty();
          })
          .then();
    }

    private void markLost(String why) {
      if (!lost && !released) {
        lost = true;
        log.warn("lease {} lost: {}; its work stops here", name, why);
        heartbeat.dispose();
        heldHere.remove(name);
        lostSignal.tryEmitEmpty();
      }
    }

    public String name() {
      return name;
    }

    /** The owner id of this instance (who holds the lease). */
    public String owner() {
      return owner;
    }

    /** True once a renewal found the lease lost: stop the work, write nothing more. */
    public boolean lost() {
      return lost;
    }

    /** Completes when the lease is lost. */
    public Mono<Void> whenLost() {
      return lostSignal.asMono();
    }

    /** Throws {@link LeaseLostException} when the lease was lost (for blocking work between steps). */
    public void check() {
      if (lost) {
        throw new LeaseLostException(name);
      }
    }

    /** Stops the heartbeat and deletes the lease (if still ours). */
    public Mono<Void> release() {
      return Mono.defer(() -> {
        released = true;
        heartbeat.dispose();
        heldHere.remove(name);
        return Leases.this.release(name);
      });
    }

    /** Stops the heartbeat and leaves the lease to expire (a shutdown handing the work to another instance). */
    public void abandon() {
      released = true;
      heartbeat.dispose();
      heldHere.remove(name);
    }
  }
}
