package io.contactsplatform.support.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.testsupport.TestStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@link Leases} against mongo-java-server: claim, contention, expiry takeover, renewal loss. */
class LeasesTest {

  private static final TestStore STORE = TestStore.start();
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  private MongoDatabase database;

  @BeforeEach
  void freshDatabase() {
    database = STORE.database("leases_" + UUID.randomUUID().toString().substring(0, 8));
  }

  @AfterAll
  static void stop() {
    STORE.close();
  }

  private Leases instance(String id, Duration ttl, Duration renewEvery) {
    return instance(id, ttl, renewEvery, now);
  }

  private Leases instance(String id, Duration ttl, Duration renewEvery, AtomicReference<Instant> now) {
    Clock clock = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
    return new Leases(database, new LeaseProperties(id, ttl, renewEvery, null), clock);
  }

  private Leases instance(String id) {
    return instance(id, Duration.ofSeconds(30), Duration.ofSeconds(10));
  }

  @Test
  void theFirstClaimWinsAndTheOwnerCanClaimAgain() {
    Leases a = instance("a");
    assertThat(a.claim("job:1").block()).isTrue();
    assertThat(a.claim("job:1").block()).isTrue();
    Lease lease = a.find("job:1").block();
    assertThat(lease.owner()).isEqualTo("a");
    assertThat(lease.expiresAt()).isEqualTo(now.get().plusSeconds(30));
  }

  @Test
  void aLiveLeaseOfAnotherOwnerIsNotTaken() {
    Leases a = instance("a");
    Leases b = instance("b");
    assertThat(a.claim("job:1").block()).isTrue();
    assertThat(b.claim("job:1").block()).isFalse();
    now.set(now.get().plusSeconds(29));
    assertThat(b.claim("job:1").block()).isFalse();
    assertThat(b.renew("job:1").block()).isFalse();
    assertThat(a.find("job:1").block().owner()).isEqualTo("a");
  }

  @Test
  void twoOwnersClaimingAtOnceNeverBothWin() {
    for (int round = 0; round < 20; round++) {
      String name = "race:" + round;
      List<Leases> claimants = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        claimants.add(instance("owner-" + i));
      }
      List<Boolean> wins = Flux.fromIterable(claimants)
          .flatMap(l -> l.claim(name).subscribeOn(Schedulers.parallel()))
          .collectList().block();
      assertThat(wins).filteredOn(w -> w).hasSize(1);
    }
  }

  @Test
  void anExpiredLeaseIsTakenOver() {
    Leases a = instance("a");
    Leases b = instance("b");
    assertThat(a.claim("job:1").block()).isTrue();
    now.set(now.get().plusSeconds(30));
    assertThat(b.claim("job:1").block()).isTrue();
    assertThat(a.find("job:1").block().owner()).isEqualTo("b");
    assertThat(a.renew("job:1").block()).isFalse();
  }

  @Test
  void releaseFreesOnlyOurOwnLease() {
    Leases a = instance("a");
    Leases b = instance("b");
    a.claim("job:1").block();
    b.release("job:1").block();
    assertThat(b.claim("job:1").block()).isFalse();
    a.release("job:1").block();
    assertThat(a.find("job:1").block()).isNull();
    assertThat(b.claim("job:1").block()).isTrue();
  }

  @Test
  void aHoldIsNotAcquiredTwiceOnOneInstance() {
    Leases a = instance("a");
    Leases.Hold hold = a.acquire("job:1").block();
    assertThat(hold).isNotNull();
    assertThat(a.heldHere("job:1")).isTrue();
    assertThat(a.acquire("job:1").block()).isNull();
    hold.release().block();
    assertThat(a.heldHere("job:1")).isFalse();
    assertThat(a.find("job:1").block()).isNull();
  }

  @Test
  void theHeartbeatKeepsTheLeaseAndNoticesItsLoss() throws Exception {
    AtomicReference<Instant> later = new AtomicReference<>(now.get());
    Leases a = instance("a", Duration.ofMillis(600), Duration.ofMillis(100));
    Leases b = instance("b", Duration.ofMillis(600), Duration.ofMillis(100), later);
    Leases.Hold hold = a.acquire("job:1").block();
    Instant first = a.find("job:1").block().expiresAt();
    now.set(now.get().plusMillis(500));
    Thread.sleep(400);
    assertThat(a.find("job:1").block().expiresAt()).isAfter(first);
    assertThat(hold.lost()).isFalse();
    // b's clock runs 5 s ahead, as if a had been paused for 5 s: b takes the expired lease over
    later.set(now.get().plusSeconds(5));
    assertThat(b.claim("job:1").block()).isTrue();
    hold.whenLost().block(Duration.ofSeconds(5));
    assertThat(hold.lost()).isTrue();
    assertThatThrownBy(hold::check).isInstanceOf(LeaseLostException.class);
    assertThat(a.heldHere("job:1")).isFalse();
    hold.release().block();
    assertThat(a.find("job:1").block().owner()).isEqualTo("b");
  }

  @Test
  void runExclusivelyRunsOnceAndCancelsWorkWhoseLeaseIsLost() throws Exception {
    AtomicReference<Instant> later = new AtomicReference<>(now.get());
    Leases a = instance("a", Duration.ofMillis(600), Duration.ofMillis(100));
    Leases b = instance("b", Duration.ofMillis(600), Duration.ofMillis(100), later);
    assertThat(a.runExclusively("sweep:x", h -> Mono.just(1)).block()).isEqualTo(1);
    assertThat(a.find("sweep:x").block()).as("released after the work").isNull();
    b.claim("sweep:x").block();
    assertThat(a.runExclusively("sweep:x", h -> Mono.just(1)).block()).as("held by b").isNull();
    b.release("sweep:x").block();
    var endless = a.runExclusively("sweep:x", h -> Mono.<Integer>never()).toFuture();
    Thread.sleep(300);
    assertThat(endless).isNotDone();
    later.set(now.get().plusSeconds(5));
    assertThat(b.claim("sweep:x").block()).isTrue();
    assertThatThrownBy(() -> endless.get(5, java.util.concurrent.TimeUnit.SECONDS))
        .hasCauseInstanceOf(LeaseLostException.class);
    assertThat(a.find("sweep:x").block().owner()).as("the loser's release leaves b's lease").isEqualTo("b");
  }
}
