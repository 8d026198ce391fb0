package io.contactsplatform.dncservice.dnc;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.dncservice.dnc.DncEntry.Scope;
import io.contactsplatform.dncservice.dnc.DncEntry.Source;
import io.contactsplatform.events.dnc.change.DncChange;
import io.contactsplatform.schemas.Topic;
import io.contactsplatform.support.kafka.EventPublisher;
import io.contactsplatform.testsupport.TestStore;
import java.time.Clock;
import io.contactsplatform.support.lease.LeaseProperties;
import io.contactsplatform.support.lease.Leases;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * No change is lost when the service stops between the store write and the publish: the write
 * path leaves an outbox marker, and the sweeper of the next process completes audit and publish.
 * Runs the real write path on mongo-java-server with a fake broker.
 */
class DncOutboxTest {

  static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final String WS = "ws";

  static TestStore mongo;

  MongoDatabase database = mongo.database("dnc_outbox_" + UUID.randomUUID().toString().substring(0, 8));

  @BeforeAll
  static void start() {
    mongo = TestStore.start();
  }

  @AfterAll
  static void stop() {
    mongo.close();
  }

  /** The write path of one process, over {@code store} and {@code publisher}. */
  record Process(DncStore store, DncOutbox outbox, DncUpdates updates, DncOutboxSweeper sweeper) {

    static Process start(MongoDatabase database, DncStore store, EventPublisher publisher) {
      DncOutbox outbox = new DncOutbox(database);
      DncUpdates updates = new DncUpdates(store, new DncEvents(publisher, CLOCK), outbox, new DncEntryIds(database),
          new DncExpirySchedule(database), CLOCK);
      return new Process(store, outbox, updates, new DncOutboxSweeper(outbox, store, updates, CLOCK,
          Duration.ofSeconds(10), new Leases(database, new LeaseProperties(null, null, null, null), CLOCK)));
    }
  }

  static class RecordingPublisher extends EventPublisher {
    final List<SpecificRecord> sent = new CopyOnWriteArrayList<>();
    final boolean dead;

    RecordingPublisher() {
      this(false);
    }

    /** A publisher of a process that has stopped: nothing it is asked to send ever leaves. */
    RecordingPublisher(boolean dead) {
      super(null);
      this.dead = dead;
    }

    @Override
    public <V extends SpecificRecord> Mono<Void> publish(Topic<V> topic, String key, V event) {
      return dead ? Mono.error(new IllegalStateException("process stopped")) : Mono.fromRunnable(() -> sent.add(event));
    }
  }

  /** The store of a process that stops right after writing the number: no audit record gets written. */
  static class DyingStore extends DncStore {

    DyingStore(MongoDatabase database) {
      super(database);
    }

    @Override
    Mono<Void> appendAudit(List<DncAuditRecord> records) {
      return Mono.error(new IllegalStateException("process stopped"));
    }
  }

  @Test
  void shouldAuditAndPublishAfterRestartAChangeStoredJustBeforeTheServiceStopped() {
    RecordingPublisher beforeCrash = new RecordingPublisher(true);
    Process first = Process.start(database, new DyingStore(database), beforeCrash);

    first.updates().apply(WS, "+14155550132", null, (number, now) -> number.add(
        EntrySpec.of(Scope.WORKSPACE, null, Source.MANUAL, "asked", "alice", null, now), "e1", null, now))
        .block(Duration.ofSeconds(10));

    assertThat(first.store().find(WS, "+14155550132").block().version()).isEqualTo(1);
    assertThat(beforeCrash.sent).isEmpty();
    assertThat(first.outbox().count().block()).isEqualTo(1);

    RecordingPublisher afterRestart = new RecordingPublisher();
    Process second = Process.start(database, new DncStore(database), afterRestart);
    long swept = second.sweeper().sweep(NOW.plusSeconds(1)).block(Duration.ofSeconds(10));

    assertThat(swept).isEqualTo(1);
    assertThat(afterRestart.sent).singleElement().isInstanceOfSatisfying(DncChange.class, change -> {
      assertThat(change.getVersion()).isEqualTo(1);
      assertThat(change.getBlockedWorkspaceWide()).isTrue();
      assertThat(change.getEntries()).singleElement().satisfies(e -> assertThat(e.getEntryId()).isEqualTo("e1"));
    });
    assertThat(second.outbox().count().block()).isZero();
    assertThat(second.store().audit(WS, "+14155550132", null, 10).collectList().block())
        .extracting(DncAuditRecord::action).containsExactly(DncAuditRecord.Action.ADDED);
  }

  @Test
  void shouldLeaveNoMarkerAndPublishOnceWhenNothingFails() {
    RecordingPublisher publisher = new RecordingPublisher();
    Process process = Process.start(database, new DncStore(database), publisher);

    process.updates().apply(WS, "+14155550199", null, (number, now) -> number.add(
        EntrySpec.of(Scope.CAMPAIGN, "spring", Source.MANUAL, "asked", "alice", null, now), "e2", null, now))
        .block(Duration.ofSeconds(10));

    assertThat(publisher.sent).hasSize(1);
    assertThat(process.outbox().count().block()).isZero();
    assertThat(process.sweeper().sweep(NOW.plusSeconds(60)).block()).isZero();
  }

  @Test
  void shouldLeaveInFlightMarkersToTheirWritersDuringTheGracePeriod() {
    RecordingPublisher beforeCrash = new RecordingPublisher(true);
    Process first = Process.start(database, new DyingStore(database), beforeCrash);
    first.updates().apply(WS, "+14155550111", null, (number, now) -> number.add(
        EntrySpec.of(Scope.WORKSPACE, null, Source.MANUAL, "asked", "alice", null, now), "e3", null, now))
        .block(Duration.ofSeconds(10));

    assertThat(first.sweeper().sweep(NOW).block()).isZero();
    assertThat(first.outbox().count().block()).isEqualTo(1);
  }
}
