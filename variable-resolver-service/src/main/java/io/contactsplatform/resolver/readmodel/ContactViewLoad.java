package io.contactsplatform.resolver.readmodel;

import io.contactsplatform.schemas.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Whether the contact view ({@link ContactReadModel}) has loaded: it samples the end offsets of
 * contact-changes once at startup and is loaded once this instance's group has applied (or
 * committed past) every record before them. Until then the resolver answers every call
 * BLOCKED_OTHER, so a restart can never be mistaken for "unknown contact" or call a number without
 * its variables. After loading, contact changes are applied as they come; unlike DNC there is no
 * lag bound (a contact a few seconds stale is still the contact). Also the health contributor
 * {@code contactReadModel} (OUT_OF_SERVICE until loaded).
 */
@Component("contactReadModelHealthIndicator")
public class ContactViewLoad implements SmartLifecycle, HealthIndicator {

  /** Reason given on every resolution until the contact view has loaded. */
  public static final String NOT_LOADED = "contact state not loaded yet";

  private static final Logger log = LoggerFactory.getLogger(ContactViewLoad.class);

  private final DncOffsets offsets;
  private final Duration pollInterval;
  private final Map<Integer, Long> lastApplied = new ConcurrentHashMap<>();
  private volatile Map<Integer, Long> target;
  private volatile Map<Integer, Long> committed = Map.of();
  private volatile boolean loaded;
  private volatile Disposable polling;
  private volatile boolean running;

  @Autowired
  ContactViewLoad(KafkaAdmin kafkaAdmin, ReadModelGroup group, DncReadinessProperties properties) {
    this(new KafkaTopicOffsets(kafkaAdmin, group, Topics.CONTACT_CHANGES.name()), properties.pollInterval());
  }

  ContactViewLoad(DncOffsets offsets, Duration pollInterval) {
    this.offsets = offsets;
    this.pollInterval = pollInterval;
  }

  public boolean isLoaded() {
    return loaded;
  }

  /** Called by the listener once a contact-changes record is applied. */
  public void applied(int partition, long offset) {
    lastApplied.merge(partition, offset, Math::max);
    evaluate();
  }

  void refresh() {
    try {
      if (target == null) {
        target = Map.copyOf(offsets.endOffsets());
        log.info("contact view must reach end offsets {} of contact-changes before calls are allowed", target);
      }
      committed = Map.copyOf(offsets.committedOffsets());
    } catch (RuntimeException e) {
      log.warn("contact view load check failed, calls stay blocked: {}", e.getMessage());
    }
    evaluate();
  }

  private synchronized void evaluate() {
    if (!loaded && target != null && DncCatchUp.caughtUp(target, committed, lastApplied)) {
      loaded = true;
      log.info("contact view loaded up to end offsets {} of contact-changes", target);
      Disposable running = polling;
      if (running != null) {
        running.dispose();
      }
      offsets.close();
    }
  }

  @Override
  public Health health() {
    Health.Builder builder = loaded ? Health.up() : Health.outOfService().withDetail("reason", NOT_LOADED);
    Map<Integer, Long> ends = target;
    return builder.withDetail("loadTarget", ends == null ? "not read yet" : ends).build();
  }

  @Override
  public synchronized void start() {
    running = true;
    if (polling == null && !loaded) {
      polling = Flux.interval(Duration.ZERO, pollInterval, Schedulers.boundedElastic())
          .onBackpressureDrop()
          .doOnNext(tick -> refresh())
          .subscribe(tick -> { }, e -> log.error("contact view load polling stopped; calls stay blocked", e));
    }
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (polling != null) {
      polling.dispose();
      polling = null;
    }
    offsets.close();
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
