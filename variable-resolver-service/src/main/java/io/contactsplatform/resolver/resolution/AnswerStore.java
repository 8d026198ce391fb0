package io.contactsplatform.resolver.resolution;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.events.call.variables.AgentVariables;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Which calls have been answered: the recent ones in memory (the last {@value #RECENT} answers of
 * this instance), all of them in collection {@code answers} keyed {@code workspace|callId} with
 * the answer's eventId and status (only the fact matters: a duplicate call-start is not answered
 * again). The store is read only for a call-start that may be a redelivery (see
 * {@link CallStartPositions}) and written behind, every {@link #FLUSH_EVERY}, in one unordered
 * insert, so the call path never waits on the store. Only answers that still matter are written:
 * once the offset of a call-start is committed it cannot be redelivered, so an answer is held back
 * until it is {@link #SETTLE} old (well beyond the call-starts commit interval) and then stored only
 * if its call-start is still not committed (in steady state, almost none).
 *
 * <p>Known limits: answers expire after {@code platform.resolver.answers.retention} (TTL index, see
 * {@code ResolverIndexes}; mongo-java-server never expires them); an answer not yet
 * flushed when the instance dies, or dropped because the store was unreachable for long
 * ({@value #MAX_PENDING} pending), is forgotten, so its redelivered call-start is answered again
 * (same callId, new eventId) — in a crash, the calls answered since the last offset commit; so is a
 * dialer retry of a call answered by another instance or before a restart. Dialers keep the first
 * answer per callId.
 */
@Component
class AnswerStore implements SmartLifecycle {

  static final int RECENT = 100_000;
  static final Duration FLUSH_EVERY = Duration.ofMillis(200);
  static final Duration SETTLE = Duration.ofSeconds(1);
  static final int MAX_PENDING = 100_000;
  private static final int FLUSH_BATCH = 5_000;
  private static final Logger log = LoggerFactory.getLogger(AnswerStore.class);

  private final MongoCollection<Document> answers;
  private final Map<String, Answered> recent = new LinkedHashMap<>(1024, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Answered> eldest) {
      return size() > RECENT;
    }
  };
  private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
  private final CallStartPositions positions;
  private final AtomicInteger pendingCount = new AtomicInteger();
  private final LongSupplier nanoClock;
  private volatile Disposable flushing;

  @Autowired
  AnswerStore(MongoDatabase database, CallStartPositions positions) {
    this(database, positions, System::nanoTime);
  }

  AnswerStore(MongoDatabase database, CallStartPositions positions, LongSupplier nanoClock) {
    this.answers = database.getCollection("answers");
    this.positions = positions;
    this.nanoClock = nanoClock;
  }

  /**
   * An answer to store, where its call-start was read (null when not from call-starts) and when
   * it was remembered ({@code nanoClock}).
   */
  private record Pending(Document answer, CallStartDelivery delivery, long rememberedAt) {
  }

  static String key(String workspaceId, String callId) {
    return workspaceId + "|" + callId;
  }

  /** An answer already published for a call. */
  record Answered(String eventId, String status) {
  }

  /**
   * The answer already published for this call; empty when none. Asks the store only when
   * {@code mayBeRedelivered} and this instance has not answered the call itself recently.
   */
  Mono<Answered> find(String workspaceId, String callId, boolean mayBeRedelivered) {
    Answered known;
    synchronized (recent) {
      known = recent.get(key(workspaceId, callId));
    }
    if (known != null || !mayBeRedelivered) {
      return Mono.justOrEmpty(known);
    }
    return Mono.from(answers.find(Filters.eq("_id", key(workspaceId, callId))).first())
        .map(stored -> new Answered(stored.getString("eventId"), stored.getString("status")));
  }

  /**
   * Notes a published answer: in memory at once, in the store with the next flush unless its
   * call-start ({@code delivery}, null when not read from call-starts) is committed by then.
   */
  void remember(AgentVariables answer, CallStartDelivery delivery) {
    String id = key(answer.getWorkspaceId(), answer.getCallId());
    synchronized (recent) {
      recent.put(id, new Answered(answer.getEventId().toString(), answer.getStatus().name()));
    }
    if (pendingCount.incrementAndGet() > MAX_PENDING) {
      pendingCount.decrementAndGet();
      log.warn("answers store unreachable for long: call {} answered but not stored", answer.getCallId());
      return;
    }
    pending.add(new Pending(new Document("_id", id)
        .append("eventId", answer.getEventId().toString())
        .append("status", answer.getStatus().name())
        .append("createdAt", Date.from(answer.getOccurredAt())), delivery, nanoClock.getAsLong()));
  }

  /** Stores every pending answer whose call-start is not committed (one stored already is left as it is). */
  Mono<Void> flush() {
    return flush(Duration.ZERO);
  }

  /** As {@link #flush()}, for the answers remembered at least {@link #SETTLE} ago; younger ones wait. */
  Mono<Void> flushSettled() {
    return flush(SETTLE);
  }

  private Mono<Void> flush(Duration minAge) {
    return Mono.defer(() -> {
      long now = nanoClock.getAsLong();
      long minAgeNanos = minAge.toNanos();
      List<Pending> batch = new ArrayList<>();
      Pending next;
      int taken = 0;
      while (taken < FLUSH_BATCH && (next = pending.peek()) != null && now - next.rememberedAt() >= minAgeNanos) {
        pending.poll();
        taken++;
        CallStartDelivery d = next.delivery();
        if (d == null || !positions.isCommitted(d.topic(), d.partition(), d.offset())) {
          batch.add(next);
        }
      }
      pendingCount.addAndGet(-taken);
      Mono<Void> more = taken == FLUSH_BATCH ? flush(minAge) : Mono.empty();
      if (batch.isEmpty()) {
        return more;
      }
      return Mono.from(answers.insertMany(batch.stream().map(Pending::answer).toList(),
              new InsertManyOptions().ordered(false)))
          .thenReturn(true)
          .onErrorResume(MongoBulkWriteException.class, e -> onlyDuplicates(e) ? Mono.just(true) : Mono.error(e))
          .onErrorResume(e -> {
            log.warn("{} answers not stored yet, retrying at the next flush: {}", batch.size(), e.toString());
            pendingCount.addAndGet(batch.size());
            batch.forEach(p -> pending.add(new Pending(p.answer(), null, p.rememberedAt())));
            return Mono.just(false);
          })
          .flatMap(stored -> stored ? more : Mono.<Void>empty());
    });
  }

  private static boolean onlyDuplicates(MongoBulkWriteException e) {
    return e.getWriteErrors().stream().map(BulkWriteError::getCategory).allMatch(ErrorCategory.DUPLICATE_KEY::equals);
  }

  @Override
  public synchronized void start() {
    if (flushing == null) {
      flushing = Flux.interval(FLUSH_EVERY, FLUSH_EVERY, Schedulers.boundedElastic())
          .onBackpressureDrop()
          .concatMap(tick -> flushSettled(), 1)
          .subscribe(done -> { }, e -> log.error("answers flushing stopped", e));
    }
  }

  @Override
  public synchronized void stop() {
    if (flushing != null) {
      flushing.dispose();
      flushing = null;
      flush().block(Duration.ofSeconds(10));
    }
  }

  @Override
  public boolean isRunning() {
    return flushing != null;
  }
}
