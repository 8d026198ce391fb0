package io.contactsplatform.resolver.readmodel;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Whether the DNC state can be trusted, per partition of dnc-changes: the resolver FAILS CLOSED
 * unless it can prove a partition's DNC store is at most {@code max-lag} behind the topic. Every
 * {@code poll-interval} it samples the end offset of every partition (and the Streams group's
 * committed offsets, which cover dead-lettered records, other instances and restarts). Once the
 * processed position of a partition (committed offset, or last processed record + 1, whichever is
 * further) reaches a sample's end offset, every change published to it before that sample is
 * applied: the partition is "fresh as of" the sample's time, and trusted while that time is within
 * {@code max-lag} of now.
 *
 * <p>Two readers: the REST preview and readiness reports ({@link #uncertainty(int)}: strict, a
 * partition never proven fresh is "not loaded"), and the call-start processor
 * ({@link #uncertaintyForCall(int)}), which also trusts a partition not yet proven during the first
 * {@code max-lag} after its task started: Kafka Streams restored the store before the task ran and
 * feeds a DNC change published before a call-start to the task first (timestamp synchronisation),
 * so a call-start that waited through a restart is answered from its state rather than blocked.
 * After that a partition must be proven fresh: a stalled consumer, a broker the resolver cannot
 * reach or a stuck partition blocks its calls within {@code max-lag} plus one poll. Lag is measured
 * on a monotonic clock, never the service's business clock.
 */
@Component
@EnableConfigurationProperties(DncReadinessProperties.class)
public class DncReadiness implements SmartLifecycle {

  /** Reason given on every resolution until the read model has reached dnc-changes as it was at startup. */
  public static final String NOT_LOADED = "DNC state not loaded yet";

  private static final Logger log = LoggerFactory.getLogger(DncReadiness.class);
  private static final int MAX_PENDING_SAMPLES = 1000;

  private final DncOffsets offsets;
  private final Duration pollInterval;
  private final long maxLagNanos;
  private final LongSupplier nanoTime;
  private final Map<Integer, Long> lastApplied = new ConcurrentHashMap<>();
  private final Map<Integer, Long> freshAsOf = new ConcurrentHashMap<>();
  private final Map<Integer, Long> taskStartedAt = new ConcurrentHashMap<>();
  private final Deque<Sample> pending = new ArrayDeque<>();
  private volatile Map<Integer, Long> committed = Map.of();
  private volatile Map<Integer, Long> latestEnds;
  private volatile String lastError;
  private volatile Disposable polling;
  private volatile boolean running;

  @Autowired
  DncReadiness(DncOffsets offsets, DncReadinessProperties properties) {
    this(offsets, properties, System::nanoTime);
  }

  /** For tests and tools: {@code nanoTime} is the monotonic clock lag is measured on. */
  public DncReadiness(DncOffsets offsets, DncReadinessProperties properties, LongSupplier nanoTime) {
    this.offsets = offsets;
    this.pollInterval = properties.pollInterval();
    this.maxLagNanos = properties.maxLag().toNanos();
    this.nanoTime = nanoTime;
  }

  private record Sample(long atNanos, Map<Integer, Long> endOffsets) {
  }

  /** True when every partition provably holds every DNC change older than {@code max-lag}. */
  public boolean isCaughtUp() {
    return uncertainty() == null;
  }

  /** Why some partition's DNC state cannot be trusted right now, or null when all can. */
  public String uncertainty() {
    Map<Integer, Long> ends = latestEnds;
    if (ends == null) {
      return NOT_LOADED;
    }
    for (Integer partition : new TreeSet<>(ends.keySet())) {
      String reason = uncertainty(partition);
      if (reason != null) {
        return reason;
      }
    }
    return null;
  }

  /** Why this partition's DNC state cannot be trusted right now (strict), or null when it can. */
  public String uncertainty(int partition) {
    String reason = check(partition);
    if (reason != null && !pending.isEmpty()) {
      evaluate();
      reason = check(partition);
    }
    return reason;
  }

  /**
   * As {@link #uncertainty(int)}, for a call-start its task is about to answer: a partition not yet
   * proven fresh is trusted during the first {@code max-lag} after its task started (see the class comment).
   */
  public String uncertaintyForCall(int partition) {
    String reason = uncertainty(partition);
    if (reason == null || freshAsOf.containsKey(partition)) {
      return reason;
    }
    Long started = taskStartedAt.get(partition);
    return started != null && nanoTime.getAsLong() - started <= maxLagNanos ? null : reason;
  }

  private String check(int partition) {
    Long fresh = freshAsOf.get(partition);
    if (fresh == null) {
      return NOT_LOADED;
    }
    long lag = nanoTime.getAsLong() - fresh;
    if (lag > maxLagNanos) {
      return "DNC state may be stale: partition " + partition + " of dnc-changes is not proven to hold changes older than "
          + Duration.ofNanos(lag).toMillis() + " ms (bound " + Duration.ofNanos(maxLagNanos).toMillis() + " ms)";
    }
    return null;
  }

  /** Called by the topology's task for partition {@code partition} once its stores are restored. */
  public void taskStarted(int partition) {
    taskStartedAt.put(partition, nanoTime.getAsLong());
  }

  /** Called by the topology once a dnc-changes record is processed (applied, skipped or dead-lettered). */
  public void applied(int partition, long offset) {
    lastApplied.merge(partition, offset, Math::max);
  }

  /** Samples the end offsets and the committed offsets now, then re-evaluates. */
  void refresh() {
    long at = nanoTime.getAsLong();
    try {
      Map<Integer, Long> ends = Map.copyOf(offsets.endOffsets());
      committed = Map.copyOf(offsets.committedOffsets());
      synchronized (this) {
        if (latestEnds == null) {
          log.info("DNC state must reach end offsets {} of dnc-changes before calls are trusted", ends);
        }
        latestEnds = ends;
        pending.addLast(new Sample(at, ends));
        while (pending.size() > MAX_PENDING_SAMPLES) {
          pending.removeFirst();
        }
      }
      if (lastError != null) {
        log.info("DNC readiness check works again");
      }
      lastError = null;
    } catch (RuntimeException e) {
      if (lastError == null) {
        log.warn("DNC readiness check failed, calls are blocked once the last proof is older than the bound: {}",
            e.getMessage());
      }
      lastError = e.getMessage();
    }
    evaluate();
  }

  private synchronized void evaluate() {
    Map<Integer, Long> applied = Map.copyOf(lastApplied);
    Set<Integer> proven = new HashSet<>();
    Iterator<Sample> newestFirst = pending.descendingIterator();
    while (newestFirst.hasNext()) {
      Sample sample = newestFirst.next();
      for (Map.Entry<Integer, Long> end : sample.endOffsets().entrySet()) {
        int partition = end.getKey();
        if (!proven.contains(partition)
            && DncCatchUp.position(partition, committed, applied) >= end.getValue()) {
          proven.add(partition);
          if (!freshAsOf.containsKey(partition)) {
            log.info("DNC state of partition {} caught up with dnc-changes end offset {}", partition, end.getValue());
          }
          freshAsOf.merge(partition, sample.atNanos(), Math::max);
        }
      }
    }
    // a sample every partition has reached (or passed) proves nothing more: drop it and older ones
    Map<Integer, Long> ends = latestEnds;
    if (ends != null && freshAsOf.keySet().containsAll(ends.keySet())) {
      long oldestFresh = ends.keySet().stream().mapToLong(freshAsOf::get).min().orElse(Long.MIN_VALUE);
      while (!pending.isEmpty() && pending.peekFirst().atNanos() <= oldestFresh) {
        pending.removeFirst();
      }
    }
  }

  /** Freshness and progress of every partition, for the health endpoint. */
  public Map<String, Object> details() {
    Map<Integer, Long> ends = latestEnds;
    return details(ends == null ? Set.of() : ends.keySet());
  }

  /** Freshness and progress of these partitions (e.g. the ones this instance serves); caughtUp when all are trusted. */
  public Map<String, Object> details(Collection<Integer> servedPartitions) {
    Map<String, Object> details = new LinkedHashMap<>();
    Map<Integer, Long> ends = latestEnds;
    String uncertainty = ends == null ? NOT_LOADED : null;
    for (Integer partition : new TreeSet<>(servedPartitions)) {
      if (uncertainty == null) {
        uncertainty = uncertainty(partition);
      }
    }
    details.put("caughtUp", uncertainty == null);
    details.put("maxLagMillis", Duration.ofNanos(maxLagNanos).toMillis());
    if (ends == null) {
      details.put("endOffsets", "not read yet");
    } else {
      Map<String, Object> partitions = new LinkedHashMap<>();
      for (Integer partition : new TreeSet<>(servedPartitions)) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("endOffset", ends.getOrDefault(partition, -1L));
        one.put("position", DncCatchUp.position(partition, committed, lastApplied));
        Long fresh = freshAsOf.get(partition);
        if (fresh != null) {
          one.put("provenFreshMillisAgo", Duration.ofNanos(nanoTime.getAsLong() - fresh).toMillis());
        }
        partitions.put(String.valueOf(partition), one);
      }
      details.put("partitions", partitions);
    }
    if (uncertainty != null) {
      details.put("reason", uncertainty);
    }
    if (lastError != null) {
      details.put("lastError", lastError);
    }
    return details;
  }

  @Override
  public synchronized void start() {
    if (!running) {
      running = true;
      polling = Flux.interval(Duration.ZERO, pollInterval, Schedulers.boundedElastic())
          .onBackpressureDrop()
          .doOnNext(tick -> refresh())
          .subscribe(tick -> { }, e -> log.error("DNC readiness polling stopped; calls will be blocked", e));
    }
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (polling != null) {
      polling.dispose();
    }
    offsets.close();
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
