package io.contactsplatform.localstack.h2;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.KeyConstraintError;
import java.util.List;
import java.util.Set;

/**
 * A unique index (every {@code _id} among them) that also serves queries naming its key together
 * with further conditions, such as {@code {_id: x, version: {$lt: 5}}} or, as the Java driver sends
 * {@code Filters.and}, {@code {$and: [{_id: x}, {version: {$lt: 5}}]}}. mongo-java-server's unique
 * indexes serve only queries on exactly their keys, so an optimistic replace, a conditional upsert
 * or an update of "this id if it still has that number" scanned the whole collection: a registry
 * load projecting ten million numbers with such upserts slowed to a few hundred per second within
 * a minute. Here the positions come from the key alone and the collection then matches each found
 * document against the whole query, as MongoDB does. Everything else is the wrapped index's. Used
 * by both of the local stack's backends (H2 on disk, memory for tests).
 */
public final class UniqueKeyLookup<P> extends Index<P> {

  private final Index<P> index;

  public UniqueKeyLookup(Index<P> index, List<IndexKey> keys, boolean sparse) {
    super(index.getName(), keys, sparse);
    this.index = index;
  }

  @Override
  public boolean canHandle(Document query) {
    if (index.canHandle(query)) {
      return true;
    }
    Document key = keyPart(query);
    return key != null && index.canHandle(key);
  }

  @Override
  public Iterable<P> getPositions(Document query) {
    return index.canHandle(query) ? index.getPositions(query) : index.getPositions(keyPart(query));
  }

  /**
   * The query's conditions on this index's keys, found at its top level or inside {@code $and}
   * (the Java driver sends {@code Filters.and} as {@code $and}); null when it lacks one of the keys
   * or names nothing else. Of a key given twice, the first condition is used: the positions only
   * have to include every match, the collection applies the whole query to them.
   */
  private Document keyPart(Document query) {
    if (query.keySet().equals(keySet())) {
      return null;
    }
    Document part = new Document();
    collect(query, part);
    return part.keySet().equals(keySet()) ? part : null;
  }

  private void collect(Document query, Document part) {
    query.forEach((key, value) -> {
      if (keySet().contains(key)) {
        part.putIfAbsent(key, value);
      } else if ("$and".equals(key) && value instanceof List<?> conditions) {
        conditions.stream().filter(Document.class::isInstance).forEach(c -> collect((Document) c, part));
      }
    });
  }

  @Override
  public Set<KeyValue> getKeyValues(Document document) {
    return index.getKeyValues(document);
  }

  @Override
  public P getPosition(Document document) {
    return index.getPosition(document);
  }

  @Override
  public void checkAdd(Document document, MongoCollection<P> collection) {
    index.checkAdd(document, collection);
  }

  @Override
  public void add(Document document, P position, MongoCollection<P> collection) {
    index.add(document, position, collection);
  }

  @Override
  public P remove(Document document) {
    return index.remove(document);
  }

  @Override
  public long getCount() {
    return index.getCount();
  }

  @Override
  public boolean isEmpty() {
    return index.isEmpty();
  }

  @Override
  public long getDataSize() {
    return index.getDataSize();
  }

  @Override
  public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
    index.checkUpdate(oldDocument, newDocument, collection);
  }

  @Override
  public void updateInPlace(Document oldDocument, Document newDocument, P position,
                            MongoCollection<P> collection) throws KeyConstraintError {
    index.updateInPlace(oldDocument, newDocument, position, collection);
  }

  @Override
  public void drop() {
    index.drop();
  }

  @Override
  public boolean isUnique() {
    return index.isUnique();
  }
}
