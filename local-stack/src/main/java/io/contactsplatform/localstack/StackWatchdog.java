package io.contactsplatform.localstack;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Notices that a part of the local stack running in this JVM (the Kafka broker, the store) has died
 * and says so once: every {@code interval} each {@link Probe} is asked what is wrong (null: nothing);
 * a probe that keeps failing for {@code grace} is reported to {@code onDeath} with a message naming
 * the part and the problem, after which the watchdog stops. A probe that throws counts as failing.
 * Limit: it sees what its probes see (a broker without controller or not answering, a closed store);
 * a part that answers but is very slow is not "dead".
 */
public final class StackWatchdog implements AutoCloseable {

  /** One part of the stack and how to tell that it is unwell ({@code check} returns the problem, or null). */
  public record Probe(String part, Supplier<String> check) {
  }

  private final List<Probe> probes;
  private final Duration grace;
  private final Consumer<String> onDeath;
  private final Map<String, Long> failingSince = new HashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "local-stack-watchdog");
    t.setDaemon(true);
    return t;
  });
  private boolean reported;

  public StackWatchdog(List<Probe> probes, Duration interval, Duration grace, Consumer<String> onDeath) {
    this.probes = List.copyOf(probes);
    this.grace = grace;
    this.onDeath = onDeath;
    timer.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  synchronized void check() {
    if (reported) {
      return;
    }
    long now = System.nanoTime();
    for (Probe probe : probes) {
      String problem;
      try {
        problem = probe.check().get();
      } catch (RuntimeException e) {
        problem = e.toString();
      }
      if (problem == null) {
        failingSince.remove(probe.part());
        continue;
      }
      long since = failingSince.computeIfAbsent(probe.part(), p -> now);
      if (now - since >= grace.toNanos()) {
        reported = true;
        timer.shutdown();
        onDeath.accept(probe.part() + " died (" + problem + " for " + Duration.ofNanos(now - since).toSeconds()
            + " s)");
        return;
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
