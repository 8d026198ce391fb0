package io.contactsplatform.resolver.readmodel;

import io.contactsplatform.schemas.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
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
 * Whether the contact and audience views ({@link ContactReadModel}, {@link AudienceRowStore}) have
 * loaded: it samples the end offsets of contact-changes and audience-rows once at startup, and they
 * are loaded once this instance's group has applied (or committed past) every record before them
 * in both. Until then the resolver answers every call BLOCKED_OTHER, so a restart can never be
 * mistaken for "unknown contact" or call a number without its row's variables. After loading,
 * changes are applied as they come; unlike DNC there is no lag bound (a contact a few seconds
 * stale is still the contact). Also the health contributor {@code contactReadModel}
 * (OUT_OF_SERVICE until loaded).
 */
@Component("contactReadModelHealthIndicator")
public class ContactViewLoad implements SmartLifecycle, HealthIndicator {

  /** Reason given on every resolution until the views have loaded. */
  public static final String NOT_LOADED = "contact and audience state not loaded yet";

  private static final Logger log = LoggerFactory.getLogger(ContactViewLoad.class);

  private final Map<String, DncOffsets> offsets;
  private final Duration pollInterval;
  private final Map<String, Map<Integer, Long>> lastApplied = new ConcurrentHashMap<>();
  private final Map<String, Map<Integer, Long>> targets = new ConcurrentHashMap<>();
  private final Map<String, Map<Integer, Long>> committed = new ConcurrentHashMap<>();
  private volatile boolean loaded;
  private volatile Disposable polling;
  private volatile boolean running;

  @Autowired
  ContactViewLoad(KafkaAdmin kafkaAdmin, ReadModelGroup group, DncReadinessProperties properties) {
    this(offsets(kafkaAdmin, group), properties.pollInterval());
  }

  ContactViewLoad(Map<String, DncOffsets> offsetsByTopic, Duration pollInterval) {
    this.offsets = Map.copyOf(offsetsByTopic);
    this.pollInterval = pollInterval;
  }

  private static Map<String, DncOffsets> offsets(KafkaAdmin kafkaAdmin, ReadModelGroup group) {
    Map<String, DncOffsets> byTopic = new LinkedHashMap<>();
    for (String topic : List.of(Topics.CONTACT_CHANGES.name(), Topics.AUDIENCE_ROWS.name())) {
      byTopic.put(topic, new KafkaTopicOffsets(kafkaAdmin, group, topic));
    }
    return byTopic;
  }

  public boolean isLoaded() {
    return loaded;
  }

  /** Called by the listeners once a record is applied. */
  public void applied(String topic, int partition, long offset) {
    lastApplied.computeIfAbsent(topic, t -> new ConcurrentHashMap<>()).merge(partition, offset, Math::max);
    if (!loaded) {
      evaluate();
    }
  }

  void refresh() {
    offsets.forEach((topic, source) -> {
      try {
        if (!targets.containsKey(topic)) {
          targets.put(topic, Map.copyOf(source.endOffsets()));
          log.info("{} view must reach end offsets {} before calls are allowed", topic, targets.get(topic));
        }
        committed.put(topic, Map.copyOf(source.committedOffsets()));
      } catch (RuntimeException e) {
        log.warn("{} view load check failed, calls stay blocked: {}", topic, e.getMessage());
      }
    });
    evaluate();
  }

  private synchronized void evaluate() {
    if (loaded || targets.size() < offsets.size()) {
      return;
    }
    for (String topic : offsets.keySet()) {
      if (!DncCatchUp.caughtUp(targets.get(topic), committed.getOrDefault(topic, Map.of()),
          lastApplied.getOrDefault(topic, Map.of()))) {
        return;
      }
    }
    loaded = true;
    log.info("contact and audience views loaded up to end offsets {}", targets);
    Disposable running = polling;
    if (running != null) {
      running.dispose();
    }
    offsets.values().forEach(DncOffsets::close);
  }

  @Override
  public Health health() {
    Health.Builder builder = loaded ? Health.up() : Health.outOfService().withDetail("reason", NOT_LOADED);
    return builder.withDetail("loadTargets", targets.isEmpty() ? "not read yet" : Map.copyOf(targets)).build();
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
    offsets.values().forEach(DncOffsets::close);
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
