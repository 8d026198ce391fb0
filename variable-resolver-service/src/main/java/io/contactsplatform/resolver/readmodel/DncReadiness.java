package io.contactsplatform.resolver.readmodel;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Whether the DNC read model can be trusted: the resolver FAILS CLOSED until it is caught up.
 * At startup it reads the end offset of every dnc-changes partition once, then polls the consumer
 * group's committed offsets (and hears of every applied record from the listener) until
 * {@link DncCatchUp} says every partition reached its startup end offset. Once caught up it stays
 * caught up and stops polling.
 *
 * <p>Known limits: "caught up" is decided once per process; a consumer that later falls far behind
 * (broker outage) is not detected here. The committed offsets are trusted to match the MongoDB read
 * model: wiping the database while keeping the consumer group would look caught up.
 */
@Component
public class DncReadiness implements SmartLifecycle {

  /** Reason given on every resolution while the read model is not caught up. */
  public static final String NOT_LOADED = "DNC state not loaded yet";

  private static final Logger log = LoggerFactory.getLogger(DncReadiness.class);

  private final DncOffsets offsets;
  private final Duration pollInterval;
  private final Map<Integer, Long> lastApplied = new ConcurrentHashMap<>();
  private volatile Map<Integer, Long> endOffsets;
  private volatile Map<Integer, Long> committed = Map.of();
  private volatile boolean caughtUp;
  private volatile String lastError;
  private volatile Disposable polling;
  private volatile boolean running;

  DncReadiness(DncOffsets offsets,
               @Value("${platform.resolver.dnc-readiness.poll-interval:500ms}") Duration pollInterval) {
    this.offsets = offsets;
    this.pollInterval = pollInterval;
  }

  /** True once the DNC read model has applied everything dnc-changes held at startup. */
  public boolean isCaughtUp() {
    return caughtUp;
  }

  /** Called by the listener once a dnc-changes record is finished (applied, or dead-lettered). */
  public void applied(int partition, long offset) {
    lastApplied.merge(partition, offset, Math::max);
    evaluate();
  }

  /** Reads the startup end offsets (first time only) and the committed offsets, then re-evaluates. */
  synchronized void refresh() {
    if (caughtUp) {
      return;
    }
    try {
      if (endOffsets == null) {
        endOffsets = Map.copyOf(offsets.endOffsets());
        log.info("DNC read model must reach end offsets {} of dnc-changes before calls are allowed", endOffsets);
      }
      committed = Map.copyOf(offsets.committedOffsets());
      lastError = null;
    } catch (RuntimeException e) {
      lastError = e.getMessage();
      log.warn("DNC readiness check failed, calls stay blocked: {}", e.getMessage());
    }
    evaluate();
  }

  private void evaluate() {
    Map<Integer, Long> ends = endOffsets;
    if (!caughtUp && ends != null && DncCatchUp.caughtUp(ends, committed, lastApplied)) {
      caughtUp = true;
      log.info("DNC read model caught up with dnc-changes end offsets {}", ends);
    }
  }

  /** Per-partition progress for the health endpoint. */
  public Map<String, Object> details() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("caughtUp", caughtUp);
    Map<Integer, Long> ends = endOffsets;
    if (ends == null) {
      details.put("endOffsets", "not read yet");
    } else {
      Map<String, Object> partitions = new LinkedHashMap<>();
      for (Integer partition : new TreeSet<>(ends.keySet())) {
        partitions.put(String.valueOf(partition), Map.of(
            "startupEndOffset", ends.get(partition),
            "position", DncCatchUp.position(partition, committed, lastApplied)));
      }
      details.put("partitions", partitions);
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
          .takeWhile(tick -> !caughtUp)
          .doOnNext(tick -> refresh())
          .doFinally(signal -> offsets.close())
          .subscribe(tick -> { }, e -> log.error("DNC readiness polling stopped", e));
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
