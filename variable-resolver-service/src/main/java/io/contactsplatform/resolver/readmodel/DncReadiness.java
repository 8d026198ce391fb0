package io.contactsplatform.resolver.readmodel;

import java.time.Duration;
import java.util.ArrayDeque;
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
 * Whether the DNC read model can be trusted: the resolver FAILS CLOSED unless it can prove it is
 * at most {@code max-lag} behind dnc-changes. Every {@code poll-interval} it samples the end offset
 * of every partition (and the group's committed offsets, which cover dead-lettered records and
 * other instances). Once the read model's position (committed offset, or last applied record + 1,
 * whichever is further) reaches a sample's end offsets in every partition, everything published
 * before that sample is applied: the read model is "fresh as of" the sample's time. It is trusted
 * while that time is within {@code max-lag} of now; before the first sample taken at startup is
 * reached, it is not loaded at all.
 *
 * <p>So a stalled consumer, a paused container, a broker the resolver cannot reach or a store
 * that cannot be written all block every call within {@code max-lag} plus one poll. Lag is
 * measured on a monotonic clock, never the service's business clock. Known limit: the committed
 * offsets are trusted to match the MongoDB read model (wiping the database but keeping the
 * consumer group would look fresh).
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
  private final Deque<Sample> pending = new ArrayDeque<>();
  private volatile Map<Integer, Long> committed = Map.of();
  private volatile Map<Integer, Long> latestEnds;
  private volatile boolean loaded;
  private volatile long freshAsOf;
  private volatile String lastError;
  private volatile Disposable polling;
  private volatile boolean running;

  @Autowired
  DncReadiness(DncOffsets offsets, DncReadinessProperties properties) {
    this(offsets, properties, System::nanoTime);
  }

  DncReadiness(DncOffsets offsets, DncReadinessProperties properties, LongSupplier nanoTime) {
    this.offsets = offsets;
    this.pollInterval = properties.pollInterval();
    this.maxLagNanos = properties.maxLag().toNanos();
    this.nanoTime = nanoTime;
  }

  private record Sample(long atNanos, Map<Integer, Long> endOffsets) {
  }

  /** True when the read model provably holds every DNC change older than {@code max-lag}. */
  public boolean isCaughtUp() {
    return uncertainty() == null;
  }

  /** Why the DNC read model cannot be trusted right now, or null when it can. */
  public String uncertainty() {
    if (!loaded) {
      return NOT_LOADED;
    }
    long lag = nanoTime.getAsLong() - freshAsOf;
    if (lag > maxLagNanos) {
      return "DNC state may be stale: the DNC read model is not proven to hold dnc-changes older than "
          + Duration.ofNanos(lag).toMillis() + " ms (bound " + Duration.ofNanos(maxLagNanos).toMillis() + " ms)";
    }
    return null;
  }

  /** Called by the listener once a dnc-changes record is applied. */
  public void applied(int partition, long offset) {
    lastApplied.merge(partition, offset, Math::max);
    evaluate();
  }

  /** Samples the end offsets and the committed offsets now, then re-evaluates. */
  void refresh() {
    long at = nanoTime.getAsLong();
    try {
      Map<Integer, Long> ends = Map.copyOf(offsets.endOffsets());
      committed = Map.copyOf(offsets.committedOffsets());
      synchronized (this) {
        if (latestEnds == null) {
          log.info("DNC read model must reach end offsets {} of dnc-changes before calls are allowed", ends);
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
    Iterator<Sample> newestFirst = pending.descendingIterator();
    while (newestFirst.hasNext()) {
      Sample sample = newestFirst.next();
      if (DncCatchUp.caughtUp(sample.endOffsets(), committed, lastApplied)) {
        if (!loaded) {
          log.info("DNC read model caught up with dnc-changes end offsets {}", sample.endOffsets());
        }
        freshAsOf = Math.max(freshAsOf, sample.atNanos());
        loaded = true;
        while (pending.peekFirst() != sample) {
          pending.removeFirst();
        }
        pending.removeFirst();
        return;
      }
    }
  }

  /** Freshness and per-partition progress for the health endpoint. */
  public Map<String, Object> details() {
    Map<String, Object> details = new LinkedHashMap<>();
    String uncertainty = uncertainty();
    details.put("caughtUp", uncertainty == null);
    if (loaded) {
      details.put("provenFreshMillisAgo", Duration.ofNanos(nanoTime.getAsLong() - freshAsOf).toMillis());
    }
    details.put("maxLagMillis", Duration.ofNanos(maxLagNanos).toMillis());
    Map<Integer, Long> ends = latestEnds;
    if (ends == null) {
      details.put("endOffsets", "not read yet");
    } else {
      Map<String, Object> partitions = new LinkedHashMap<>();
      for (Integer partition : new TreeSet<>(ends.keySet())) {
        partitions.put(String.valueOf(partition), Map.of(
            "endOffset", ends.get(partition),
            "position", DncCatchUp.position(partition, committed, lastApplied)));
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
