package io.contactsplatform.benchmarks.resolver;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU used up to a moment by child JVMs (the relay, or the resolver instances: the whole processes,
 * summed, and their JIT compiler and garbage collector threads) and by this JVM (broker, store, load
 * generator), with the wall clock; {@link #minus} turns two of them into one window's use. The
 * compiler and collector threads are read from {@code /proc/<pid>/task/<tid>/schedstat} (Linux only;
 * 0 elsewhere); a thread that ended within the window is not counted. The children's total is -1
 * where the OS does not tell for one of them, or when there are none.
 */
record CpuUse(long childNanos, long childCompilerNanos, long childGcNanos, long selfNanos, long wallNanos) {

  /** Now; {@code children} may be empty (no child JVM in the window). */
  static CpuUse now(List<ProcessHandle> children) {
    long total = children.isEmpty() ? -1 : 0;
    long compiler = 0;
    long gc = 0;
    for (ProcessHandle child : children) {
      long used = child.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
      total = total < 0 || used < 0 ? -1 : total + used;
      try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(child.pid()), "task"))) {
        for (Path task : tasks.toList()) {
          String name = read(task.resolve("comm"));
          if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            compiler += onCpu(task);
          } else if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            gc += onCpu(task);
          }
        }
      } catch (IOException | RuntimeException e) {
        // not Linux, or the process is gone: threads not counted
      }
    }
    long self = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
    return new CpuUse(total, compiler, gc, self, System.nanoTime());
  }

  CpuUse minus(CpuUse start) {
    return new CpuUse(childNanos < 0 || start.childNanos < 0 ? -1 : childNanos - start.childNanos,
        childCompilerNanos - start.childCompilerNanos, childGcNanos - start.childGcNanos, selfNanos - start.selfNanos,
        wallNanos - start.wallNanos);
  }

  double childCores() {
    return (double) childNanos / wallNanos;
  }

  double selfCores() {
    return (double) selfNanos / wallNanos;
  }

  /** Child's use per request, in µs. */
  double childMicrosPer(long requests) {
    return childNanos / 1e3 / requests;
  }

  private static long onCpu(Path task) {
    String stat = read(task.resolve("schedstat"));
    return stat.isEmpty() ? 0 : Long.parseLong(stat.substring(0, stat.indexOf(' ')));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      return "";
    }
  }
}
