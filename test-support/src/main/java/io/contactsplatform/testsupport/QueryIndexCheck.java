package io.contactsplatform.testsupport;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Flux;

/**
 * Fails a service's integration test when a query it ran is not served by an index it declared.
 * {@link #RECORDER} (installed on the service's MongoClient by {@link Recording}) records the
 * filter and sort of every find, aggregate ({@code $match} then {@code $sort}), count, distinct,
 * findAndModify, update and delete; {@link #unserved} compares them with the indexes the store
 * lists for the service's database (mongo-java-server lists declared indexes even though it only
 * builds unique ones).
 *
 * <p>A query is served by an index when the index's leading keys are fields of the filter (at
 * least one), and a sort, if any, continues the index right after those keys (or is served by an
 * index on the sort alone when the filter is empty). {@code $or} branches must each be served. A
 * filter on {@code _id} is served by the default index. Queries with neither filter nor sort
 * (deliberate full reads) are reported unless their collection is listed as a known scan.
 * Limits: it does not check selectivity (an index on a low-cardinality first key passes), nor
 * multikey/array subtleties, nor that a range field comes last.
 */
public final class QueryIndexCheck {

  /** Records the queries of every client it is installed on, for the whole test JVM. */
  public static final Recorder RECORDER = new Recorder();

  private QueryIndexCheck() {
  }

  /** A new in-memory store whose queries {@link #RECORDER} records. */
  public static TestStore recordingStore() {
    return TestStore.start(RECORDER);
  }

  /** One recorded query shape. */
  public record Query(String database, String collection, String command, Document filter, List<String> sort) {
  }

  /** Adds {@link #RECORDER} to the service's MongoClient (import it into the service's test context). */
  @TestConfiguration(proxyBeanMethods = false)
  public static class Recording {
    @Bean
    MongoClientSettingsBuilderCustomizer queryRecorder() {
      return builder -> builder.addCommandListener(RECORDER);
    }
  }

  /** The command listener; keeps each distinct query shape once. */
  public static final class Recorder implements CommandListener {
    private final Set<Query> queries = ConcurrentHashMap.newKeySet();

    @Override
    public void commandStarted(CommandStartedEvent event) {
      BsonDocument c = event.getCommand();
      String name = event.getCommandName();
      String db = event.getDatabaseName();
      switch (name) {
        case "find" -> add(db, c.getString("find").getValue(), name, c.getDocument("filter", new BsonDocument()),
            c.getDocument("sort", new BsonDocument()));
        case "count" -> add(db, c.getString("count").getValue(), name, c.getDocument("query", new BsonDocument()), null);
        case "distinct" -> add(db, c.getString("distinct").getValue(), name,
            c.getDocument("query", new BsonDocument()), null);
        case "findAndModify", "findandmodify" -> add(db, c.getString(name).getValue(), name,
            c.getDocument("query", new BsonDocument()), c.getDocument("sort", new BsonDocument()));
        case "aggregate" -> {
          if (c.get("aggregate").isString()) {
            BsonArray pipeline = c.getArray("pipeline", new BsonArray());
            BsonDocument match = new BsonDocument();
            BsonDocument sort = null;
            int i = 0;
            if (i < pipeline.size() && pipeline.get(i).asDocument().containsKey("$match")) {
              match = pipeline.get(i++).asDocument().getDocument("$match");
            }
            if (i < pipeline.size() && pipeline.get(i).asDocument().containsKey("$sort")) {
              sort = pipeline.get(i).asDocument().getDocument("$sort");
            }
            add(db, c.getString("aggregate").getValue(), name, match, sort);
          }
        }
        case "update" -> {
          for (BsonValue u : c.getArray("updates", new BsonArray())) {
            add(db, c.getString("update").getValue(), name, u.asDocument().getDocument("q", new BsonDocument()), null);
          }
        }
        case "delete" -> {
          for (BsonValue d : c.getArray("deletes", new BsonArray())) {
            add(db, c.getString("delete").getValue(), name, d.asDocument().getDocument("q", new BsonDocument()), null);
          }
        }
        default -> {
        }
      }
    }

    private void add(String db, String collection, String command, BsonDocument filter, BsonDocument sort) {
      queries.add(new Query(db, collection, command, shape(filter),
          sort == null ? List.of() : List.copyOf(sort.keySet())));
    }

    /** The queries recorded against {@code database}. */
    public List<Query> of(String database) {
      return queries.stream().filter(q -> q.database().equals(database)).toList();
    }
  }

  /** The filter with its values replaced by 1 (the shape is what matters, and keeps the set small). */
  private static Document shape(BsonDocument filter) {
    Document shape = new Document();
    for (Map.Entry<String, BsonValue> e : filter.entrySet()) {
      BsonValue v = e.getValue();
      if ((e.getKey().equals("$or") || e.getKey().equals("$and") || e.getKey().equals("$nor")) && v.isArray()) {
        List<Document> branches = new ArrayList<>();
        for (BsonValue b : v.asArray()) {
          branches.add(shape(b.asDocument()));
        }
        shape.append(e.getKey(), branches);
      } else {
        shape.append(e.getKey(), 1);
      }
    }
    return shape;
  }

  /**
   * The recorded queries on {@code database} that no listed index serves, as readable lines
   * (empty when every query is served). {@code knownScans} names collections whose full reads are
   * deliberate.
   */
  public static List<String> unserved(MongoDatabase database, Collection<String> knownScans) {
    Map<String, List<List<String>>> indexes = indexes(database);
    List<String> problems = new ArrayList<>();
    for (Query q : RECORDER.of(database.getName())) {
      if (q.collection().startsWith("system.")) {
        continue;
      }
      List<List<String>> declared = indexes.getOrDefault(q.collection(), List.of(List.of("_id")));
      Set<String> fields = fields(q.filter());
      if (fields.isEmpty() && q.sort().isEmpty() && !hasOr(q.filter())) {
        if (!knownScans.contains(q.collection())) {
          problems.add(q.collection() + " " + q.command() + ": reads the whole collection");
        }
        continue;
      }
      if (!served(q.filter(), q.sort(), declared)) {
        problems.add(q.collection() + " " + q.command() + " filter " + q.filter().toJson() + " sort " + q.sort()
            + " — indexes " + declared);
      }
    }
    return problems.stream().distinct().sorted().toList();
  }

  private static boolean hasOr(Document filter) {
    return filter.containsKey("$or");
  }

  private static boolean served(Document filter, List<String> sort, List<List<String>> declared) {
    Set<String> fields = fields(filter);
    if (filter.get("$or") instanceof List<?> branches && !branches.isEmpty()) {
      for (Object branch : branches) {
        Document combined = new Document(filter);
        combined.remove("$or");
        combined.putAll((Document) branch);
        if (!served(combined, sort, declared)) {
          return false;
        }
      }
      return true;
    }
    for (List<String> keys : declared) {
      int p = 0;
      while (p < keys.size() && fields.contains(keys.get(p))) {
        p++;
      }
      if (p == 0 && !fields.isEmpty()) {
        continue;
      }
      if (sort.isEmpty()) {
        return true;
      }
      List<String> rest = keys.subList(p, keys.size());
      List<String> prefix = keys.subList(0, p);
      List<String> wanted = sort.stream().filter(s -> !prefix.contains(s)).toList();
      if (rest.size() >= wanted.size() && rest.subList(0, wanted.size()).equals(wanted)) {
        return true;
      }
    }
    return false;
  }

  /** Field names the filter constrains with all its branches merged ($and); $or/$nor are handled apart. */
  private static Set<String> fields(Document filter) {
    Set<String> fields = new LinkedHashSet<>();
    for (Map.Entry<String, Object> e : filter.entrySet()) {
      if (e.getKey().equals("$and") && e.getValue() instanceof List<?> parts) {
        for (Object part : parts) {
          fields.addAll(fields((Document) part));
        }
      } else if (!e.getKey().startsWith("$")) {
        fields.add(e.getKey());
      }
    }
    return fields;
  }

  /** The key lists of every index of every collection of {@code database}. */
  private static Map<String, List<List<String>>> indexes(MongoDatabase database) {
    Map<String, List<List<String>>> all = new LinkedHashMap<>();
    List<String> names = Flux.from(database.listCollectionNames()).collectList().block();
    for (String name : names == null ? List.<String>of() : names) {
      List<Document> listed = Flux.from(database.getCollection(name).listIndexes()).collectList().block();
      List<List<String>> keys = new ArrayList<>();
      keys.add(List.of("_id"));
      for (Document index : listed == null ? List.<Document>of() : listed) {
        keys.add(List.copyOf(index.get("key", Document.class).keySet()));
      }
      all.put(name, keys);
    }
    return all;
  }
}
