package io.contactsplatform.benchmarks;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Locale;

/**
 * Runs one benchmark by area name: {@code java -jar benchmarks/target/benchmarks-*-exec.jar <area> [args]}
 * starts {@code io.contactsplatform.benchmarks.<area>.<Area>Benchmark.main(args)}
 * (areas: {@code imports}, {@code contacts}, {@code dnc}, {@code resolver}). Benchmarks are never
 * run by the build; each prints its figures next to a baseline measured in the same run. A
 * benchmark that fails exits with status 1 (its embedded broker and store would otherwise keep
 * the JVM running) and keeps its work directories; one that completes deletes them ({@link WorkDirs}).
 */
public final class Benchmarks {

  private Benchmarks() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: benchmarks <imports|contacts|dnc|resolver> [args]");
      System.exit(2);
    }
    String area = args[0].toLowerCase(Locale.ROOT);
    String type = "io.contactsplatform.benchmarks." + area + "."
        + Character.toUpperCase(area.charAt(0)) + area.substring(1) + "Benchmark";
    Method main = Class.forName(type).getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
      WorkDirs.deleteAll();
      // a finished benchmark ends the JVM too: its broker's and clients' threads would keep it alive
      System.exit(0);
    } catch (InvocationTargetException e) {
      // a failed benchmark must end the JVM: its broker, store and service threads would keep it alive
      e.getCause().printStackTrace();
      System.exit(1);
    }
  }
}
