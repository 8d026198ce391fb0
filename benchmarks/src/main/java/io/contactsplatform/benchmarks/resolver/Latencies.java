package io.contactsplatform.benchmarks.resolver;

import java.util.Arrays;

/** Round-trip latencies of one run, in nanoseconds, and their percentiles in milliseconds. */
final class Latencies {

  private long[] samples = new long[1024];
  private int size;

  synchronized void add(long nanos) {
    if (size == samples.length) {
      samples = Arrays.copyOf(samples, size * 2);
    }
    samples[size++] = nanos;
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

  String describe() {
    return String.format("n=%d p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms", count(), percentileMillis(50),
        percentileMillis(90), percentileMillis(99), percentileMillis(100));
  }
}
