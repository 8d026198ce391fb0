package io.contactsplatform.benchmarks.resolver;

import io.contactsplatform.localstack.ServiceProcess;
import io.contactsplatform.localstack.StackConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The variable-resolver-service instances of one benchmark run, each a {@link ServiceProcess} as
 * the local stack starts them ({@code LocalStack#arguments}): instance {@code i} named
 * {@link StackConfig#instanceName}, on API and management ports of its own (kept when it is started
 * again), its Kafka Streams state in {@code resolver-state-<i>} under the run's directory, advertised
 * as {@code 127.0.0.1}. Also reads what the benchmark reports about an instance: its state's size on
 * disk ({@link #stateSize}), its heap after a full collection ({@link #heapAfterFullGc}, through
 * {@code jcmd}, so Linux/JDK only) and the changelog records it restored since it last started
 * (summed from the resolver's own restore log lines, so only restores that completed are counted).
 */
final class ResolverInstances implements AutoCloseable {

  private static final String RESOLVER = StackConfig.RESOLVER;
  private static final Pattern RESTORED = Pattern.compile("restored \\S+ partition \\d+: (\\d+) records");
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

  private final Path root;
  private final Path workDir;
  private final List<String> jvm;
  private final List<String> arguments;
  private final Map<String, String> environment;
  private final int[] ports;
  private final int[] managementPorts;
  private final ServiceProcess[] processes;
  /** Length of each instance's log when it last started: its restore lines since then follow. */
  private final long[] logStart;

  /**
   * {@code count} instances, not started, sharing {@code arguments} (broker, store and Streams
   * settings) and {@code environment} (the workspace's key hash: never on a command line).
   */
  ResolverInstances(int count, Path root, Path workDir, List<String> jvm, List<String> arguments,
                    Map<String, String> environment) {
    this.root = root;
    this.workDir = workDir;
    this.jvm = List.copyOf(jvm);
    this.arguments = List.copyOf(arguments);
    this.environment = Map.copyOf(environment);
    this.ports = new int[count];
    this.managementPorts = new int[count];
    this.processes = new ServiceProcess[count];
    this.logStart = new long[count];
    for (int i = 0; i < count; i++) {
      ports[i] = StackConfig.freePort();
      managementPorts[i] = StackConfig.freePort();
    }
  }

  int count() {
    return processes.length;
  }

  /** Starts instance {@code i} (again, on the same ports and state directory); does not wait. */
  ServiceProcess start(int i) {
    String name = StackConfig.instanceName(RESOLVER, i);
    Path logs = workDir.resolve("logs");
    Path log = logs.resolve(name + ".log");
    try {
      logStart[i] = Files.exists(log) ? Files.size(log) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> args = new ArrayList<>(arguments);
    args.addAll(List.of("--server.port=" + ports[i],
        "--platform.resolver.streams.state-dir=" + stateDir(i),
        "--platform.resolver.streams.advertised-host=127.0.0.1"));
    Map<String, String> env = new HashMap<>(environment);
    env.put("PLATFORM_INSTANCE_ID", name);
    processes[i] = ServiceProcess.start(RESOLVER, name, root, ports[i], managementPorts[i], logs, jvm, args, env);
    return processes[i];
  }

  /** Stops instance {@code i} gracefully (SIGTERM: Streams closes its stores and leaves the group). */
  void stop(int i) {
    processes[i].close();
  }

  ServiceProcess get(int i) {
    return processes[i];
  }

  /** The running instances' JVMs (their CPU is summed, {@link CpuUse#now}). */
  List<ProcessHandle> handles() {
    List<ProcessHandle> handles = new ArrayList<>();
    for (ServiceProcess p : processes) {
      if (p != null && p.handle().isAlive()) {
        handles.add(p.handle());
      }
    }
    return handles;
  }

  Path stateDir(int i) {
    return workDir.resolve("resolver-state-" + i);
  }

  /** Deletes instance {@code i}'s state directory (it must be stopped). */
  void deleteState(int i) throws IOException {
    Path dir = stateDir(i);
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Changelog records instance {@code i} reported restored (completed store partitions) since it last started. */
  long restoredRecords(int i) throws IOException {
    byte[] log = Files.readAllBytes(processes[i].log());
    String since = new String(log, (int) Math.min(logStart[i], log.length),
        (int) Math.max(0, log.length - logStart[i]), StandardCharsets.UTF_8);
    long restored = 0;
    Matcher m = RESTORED.matcher(since);
    while (m.find()) {
      restored += Long.parseLong(m.group(1));
    }
    return restored;
  }

  /**
   * Bytes used on the heap of instance {@code i} right after a full collection: {@code jcmd <pid>
   * GC.run} (a full, stop-the-world collection under G1 unless {@code ExplicitGCInvokesConcurrent})
   * then the "used" of {@code jcmd <pid> GC.heap_info}; -1 when jcmd cannot attach.
   */
  long heapAfterFullGc(int i) {
    long pid = processes[i].handle().pid();
    try {
      jcmd(pid, "GC.run");
      Matcher m = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
      return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Resident set size of instance {@code i} (heap, RocksDB's block cache and memtables, code...), -1 off Linux. */
  long residentBytes(int i) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(processes[i].handle().pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or gone
    }
    return -1;
  }

  private static String jcmd(long pid, String command) throws IOException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p = new ProcessBuilder(Files.exists(jcmd) ? jcmd.toString() : "jcmd", Long.toString(pid), command)
        .redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("jcmd " + command + " failed: " + out);
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /**
   * Size of a state directory: the bytes of every file under it, and of those under a {@code rocksdb}
   * directory (Streams' layout: {@code <state>/<application>/<task>/rocksdb/<store>/...}) by store.
   * Files RocksDB deletes during the walk (compactions) are skipped; data still in memtables is not on
   * disk yet.
   */
  record StateSize(long total, Map<String, Long> rocksDbByStore) {

    long rocksDb() {
      return rocksDbByStore.values().stream().mapToLong(Long::longValue).sum();
    }

    String describe() {
      StringBuilder stores = new StringBuilder();
      rocksDbByStore.forEach((store, bytes) -> stores.append(stores.isEmpty() ? "" : ", ").append(store)
          .append(' ').append(megabytes(bytes)));
      return String.format("%s, of which RocksDB %s (%s)", megabytes(total), megabytes(rocksDb()), stores);
    }

    private static String megabytes(long bytes) {
      return String.format(bytes < 10_000_000 ? "%.2f MB" : "%.0f MB", bytes / 1e6);
    }
  }

  StateSize stateSize(int i) throws IOException {
    Path dir = stateDir(i);
    long[] total = {0};
    Map<String, Long> byStore = new TreeMap<>();
    if (Files.exists(dir)) {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
          total[0] += attributes.size();
          Path relative = dir.relativize(file);
          for (int n = 0; n < relative.getNameCount() - 2; n++) {
            if (relative.getName(n).toString().equals("rocksdb")) {
              byStore.merge(relative.getName(n + 1).toString(), attributes.size(), Long::sum);
              break;
            }
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE;
          }
          throw e;
        }
      });
    }
    return new StateSize(total[0], byStore);
  }

  @Override
  public void close() {
    for (ServiceProcess p : processes) {
      if (p != null) {
        p.close();
      }
    }
  }
}
