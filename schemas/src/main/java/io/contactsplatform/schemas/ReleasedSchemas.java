package io.contactsplatform.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Every released version of every schema, shipped in this artifact under
 * {@code io/contactsplatform/schemas/released/<full name>/v<N>.avsc} (N = 1, 2, …, no gaps).
 * A released file is never edited; a new version is added as the next file.
 */
public final class ReleasedSchemas {

  static final String ROOT = "io/contactsplatform/schemas/released/";

  private ReleasedSchemas() {
  }

  /** Released versions of the schema with this full name, oldest first. */
  public static List<Schema> versions(String fullName) {
    List<Schema> versions = new ArrayList<>();
    ClassLoader loader = ReleasedSchemas.class.getClassLoader();
    for (int v = 1; ; v++) {
      String path = ROOT + fullName + "/v" + v + ".avsc";
      try (InputStream in = loader.getResourceAsStream(path)) {
        if (in == null) {
          return List.copyOf(versions);
        }
        versions.add(new Schema.Parser().parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read released schema " + path, e);
      }
    }
  }
}
