package io.contactsplatform.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The temporary directories a benchmark run works in (store files, broker logs, generated files:
 * up to ~20 GB for the million-row import). {@link Benchmarks} deletes them when the benchmark
 * completes; after a failure they are kept for a look, and {@code BENCHMARK_KEEP_WORK_DIRS=true}
 * keeps them always.
 */
public final class WorkDirs {

  private static final List<Path> CREATED = new CopyOnWriteArrayList<>();

  private WorkDirs() {
  }

  /** A new temporary directory named {@code prefix…}, deleted when the run completes. */
  public static Path create(String prefix) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    CREATED.add(dir);
    return dir;
  }

  static void deleteAll() {
    if (Boolean.parseBoolean(System.getenv("BENCHMARK_KEEP_WORK_DIRS"))) {
      CREATED.forEach(dir -> System.out.println("kept work dir " + dir));
      return;
    }
    for (Path dir : CREATED) {
      if (!Files.exists(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(WorkDirs::delete);
      } catch (IOException e) {
        System.err.println("could not delete work dir " + dir + ": " + e);
      }
    }
    CREATED.clear();
  }

  private static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
