package io.contactsplatform.schemas;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Build-time gate (run by exec-maven-plugin in {@code process-classes}): every current schema
 * must be backward compatible (the new reader reads data of every released version) and forward
 * compatible (every released reader reads new data). Fails the build listing each break.
 */
public final class SchemaCompatibilityCheck {

  private SchemaCompatibilityCheck() {
  }

  /** Incompatibilities between {@code current} and each released version; empty when compatible. */
  public static List<String> check(Schema current, List<Schema> released) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < released.size(); i++) {
      Schema old = released.get(i);
      String version = current.getFullName() + " v" + (i + 1);
      if (!old.getFullName().equals(current.getFullName())) {
        problems.add(version + ": released schema is named " + old.getFullName());
        continue;
      }
      SchemaPairCompatibility backward = SchemaCompatibility.checkReaderWriterCompatibility(current, old);
      if (backward.getType() != SchemaCompatibilityType.COMPATIBLE) {
        problems.add(version + ": not backward compatible (current cannot read it): "
            + backward.getResult().getIncompatibilities());
      }
      SchemaPairCompatibility forward = SchemaCompatibility.checkReaderWriterCompatibility(old, current);
      if (forward.getType() != SchemaCompatibilityType.COMPATIBLE) {
        problems.add(version + ": not forward compatible (its readers cannot read current): "
            + forward.getResult().getIncompatibilities());
      }
    }
    return problems;
  }

  /** Checks every topic of the catalog; a topic must have at least one released version. */
  public static List<String> checkCatalog() {
    List<String> problems = new ArrayList<>();
    for (Topic<?> topic : Topics.ALL) {
      Schema current = topic.schema();
      List<Schema> released = ReleasedSchemas.versions(current.getFullName());
      if (released.isEmpty()) {
        problems.add(topic.name() + ": no released version of " + current.getFullName()
            + " under " + ReleasedSchemas.ROOT);
      }
      problems.addAll(check(current, released));
    }
    return problems;
  }

  public static void main(String[] args) {
    List<String> problems = checkCatalog();
    if (!problems.isEmpty()) {
      throw new IllegalStateException("Schema compatibility check failed:\n  " + String.join("\n  ", problems));
    }
    System.out.println("[schema-compatibility] " + Topics.ALL.size()
        + " topics compatible with every released version");
  }
}
