package io.contactsplatform.benchmarks.resolver;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.TreeSet;

/** Round-trip latencies of one run, in nanoseconds, and their percentiles in milliseconds. */
final class Latencies {

  private long[] samples = new long[1024];
  private long[] lastHops = new long[1024];
  private long[] arrivals = new long[1024];
  private int size;

  /**
   * One round trip of {@code nanos}, whose answer was polled {@code lastHopMillis} after its
   * producer stamped it (record CreateTime, millisecond clock): the answer's own hop.
   */
  synchronized void add(long nanos, long lastHopMillis) {
    if (size == samples.length) {
      samples = Arrays.copyOf(samples, size * 2);
      lastHops = Arrays.copyOf(lastHops, size * 2);
      arrivals = Arrays.copyOf(arrivals, size * 2);
    }
    lastHops[size] = lastHopMillis;
    arrivals[size] = System.currentTimeMillis();
    samples[size++] = nanos;
  }

  /**
   * Where the slowest round trips (at or above the {@code p}-th percentile) spent their time:
   * median total, and median of the answer's last hop (producer stamp to poll, ±1 ms).
   */
  synchronized String tail(double p) {
    double threshold = percentileMillis(p);
    long[] totals = new long[size];
    long[] hops = new long[size];
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (samples[i] / 1_000_000.0 >= threshold) {
        totals[n] = samples[i];
        hops[n++] = lastHops[i];
      }
    }
    if (n == 0) {
      return "no tail";
    }
    Arrays.sort(totals, 0, n);
    Arrays.sort(hops, 0, n);
    return String.format("slowest %d (>= p%.0f): median total %.2f ms, median answer hop %d ms; answered in %d "
        + "distinct 100-ms windows", n, p, totals[n / 2] / 1_000_000.0, hops[n / 2], windowsOfTail(threshold).size());
  }

  synchronized int count() {
    return size;
  }

  /** The {@code p}-th percentile (0-100) in milliseconds; NaN when empty. */
  synchronized double percentileMillis(double p) {
    if (size == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(samples, size);
    Arrays.sort(sorted);
    int index = (int) Math.min(size - 1, Math.max(0, Math.ceil(p / 100.0 * size) - 1));
    return sorted[index] / 1_000_000.0;
  }

  /** The wall-clock 100-ms windows (UTC, {@code HH:mm:ss.S}) in which the slowest round trips were answered. */
  synchronized String tailWindows(double p) {
    DateTimeFormatter format = DateTimeFormatter.ofPattern("HH:mm:ss.S").withZone(ZoneOffset.UTC);
    StringBuilder out = new StringBuilder();
    for (long window : windowsOfTail(percentileMillis(p))) {
      out.append(out.length() == 0 ? "" : " ").append(format.format(Instant.ofEpochMilli(window * 100)));
    }
    return out.toString();
  }

  /** The 100-ms windows (epoch millis / 100) in which round trips of at least {@code thresholdMillis} were answered. */
  private TreeSet<Long> windowsOfTail(double thresholdMillis) {
    TreeSet<Long> windows = new TreeSet<>();
    for (int i = 0; i < size; i++) {
      if (samples[i] / 1_000_000.0 >= thresholdMillis) {
        windows.add(arrivals[i] / 100);
      }
    }
    return windows;
  }

  String describe() {
    return String.format("n=%d p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms", count(), percentileMillis(50),
        percentileMillis(90), percentileMillis(99), percentileMillis(100));
  }
}
