package io.contactsplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps {@code docs/limits.md} and the code in step: every table row whose last column names a
 * constant ({@code `ContactLimits.FIRST_NAME`}) must state that constant's value as the first
 * number of its "limit" column ({@code 1,000 characters} is 1000). Each service checks the rows
 * naming its own classes ({@link #assertMatches}); a class can also be required to have every
 * public {@code int} constant documented ({@link #assertEveryConstantDocumented}).
 *
 * <p>Limits: only the first number of a limit cell is compared; rows naming a setting
 * ({@code spring.http.codecs.max-in-memory-size}) are checked by reading, not by this class.
 */
public final class LimitsDoc {

  private static final Pattern CONSTANT = Pattern.compile("`([A-Z][A-Za-z0-9]*)\\.([A-Z][A-Z0-9_]*)`");
  private static final Pattern NUMBER = Pattern.compile("\\d[\\d,]*");

  private LimitsDoc() {
  }

  /** A documented limit: the constant a row names and the value it states. */
  record Row(String className, String constant, long documented, String line) {
  }

  static List<Row> rows() {
    List<String> lines;
    try {
      lines = Files.readAllLines(OpenApiSpecs.repositoryRoot().resolve("docs/limits.md"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Row> rows = new ArrayList<>();
    for (String line : lines) {
      String[] cells = line.split("\\|");
      if (!line.startsWith("|") || cells.length < 5) {
        continue;
      }
      Matcher constant = CONSTANT.matcher(cells[cells.length - 1]);
      Matcher number = NUMBER.matcher(cells[2]);
      if (constant.find() && number.find()) {
        rows.add(new Row(constant.group(1), constant.group(2), Long.parseLong(number.group().replace(",", "")), line));
      }
    }
    return rows;
  }

  /**
   * Asserts every row naming one of {@code classNames} (fully qualified; private constants are read
   * too) states the constant's value, and that each class is named by at least one row.
   */
  public static void assertMatches(String... classNames) {
    List<Row> rows = rows();
    Map<String, Class<?>> classes = new LinkedHashMap<>();
    for (String name : classNames) {
      try {
        Class<?> type = Class.forName(name);
        classes.put(type.getSimpleName(), type);
      } catch (ClassNotFoundException e) {
        throw new IllegalArgumentException(name, e);
      }
    }
    Map<String, Integer> checked = new LinkedHashMap<>();
    for (Row row : rows) {
      Class<?> type = classes.get(row.className());
      if (type == null) {
        continue;
      }
      assertThat(row.documented()).as("docs/limits.md: " + row.line().strip()).isEqualTo(value(type, row.constant()));
      checked.merge(row.className(), 1, Integer::sum);
    }
    assertThat(checked.keySet()).as("classes named in docs/limits.md").containsAll(classes.keySet());
  }

  /** Asserts every public static {@code int} constant of {@code type} is named by a row of docs/limits.md. */
  public static void assertEveryConstantDocumented(Class<?> type) {
    List<String> documented = rows().stream().filter(r -> r.className().equals(type.getSimpleName()))
        .map(Row::constant).toList();
    for (Field field : type.getDeclaredFields()) {
      int m = field.getModifiers();
      if (Modifier.isPublic(m) && Modifier.isStatic(m) && field.getType() == int.class) {
        assertThat(documented).as(type.getSimpleName() + "." + field.getName() + " in docs/limits.md")
            .contains(field.getName());
      }
    }
  }

  private static long value(Class<?> type, String constant) {
    try {
      Field field = type.getDeclaredField(constant);
      field.setAccessible(true);
      return ((Number) field.get(null)).longValue();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("docs/limits.md names " + type.getSimpleName() + "." + constant
          + ", which does not exist", e);
    }
  }
}
