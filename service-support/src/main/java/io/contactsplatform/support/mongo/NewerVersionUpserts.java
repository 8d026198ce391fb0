package io.contactsplatform.support.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.util.List;
import org.bson.Document;
import reactor.core.publisher.Mono;

/**
 * Projection writes where the newest version wins, idempotent by construction: each document
 * replaces the stored one only when the stored {@code version} is older, in the same write (an
 * upsert on {@code _id} and an older version). A write that is not newer finds nothing to replace
 * and its insert is refused by the {@code _id} index; those refusals are the expected outcome and
 * are dropped, every other failure (including a write-concern error) is passed on. Known limit:
 * documents of one call must have distinct ids.
 */
public final class NewerVersionUpserts {

  private NewerVersionUpserts() {
  }

  /** Replaces the document with id {@code id} by {@code document} unless a version ≥ {@code version} is stored. */
  public static ReplaceOneModel<Document> replaceIfOlder(String id, long version, Document document) {
    return new ReplaceOneModel<>(Filters.and(Filters.eq("_id", id), Filters.lt("version", version)), document,
        new ReplaceOptions().upsert(true));
  }

  /** Writes them in one unordered bulk write; writes that met an equal or newer version are dropped. */
  public static Mono<Void> write(MongoCollection<Document> collection, List<ReplaceOneModel<Document>> writes) {
    if (writes.isEmpty()) {
      return Mono.empty();
    }
    return Mono.from(collection.bulkWrite(writes, new BulkWriteOptions().ordered(false)))
        .then()
        .onErrorResume(NewerVersionUpserts::onlyNewerStored, e -> Mono.empty());
  }

  /** A bulk whose only failures are duplicate keys: upserts that met an equal or newer version. */
  static boolean onlyNewerStored(Throwable e) {
    return e instanceof MongoBulkWriteException bulk && bulk.getWriteConcernError() == null
        && bulk.getWriteErrors().stream()
        .allMatch(error -> ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY);
  }
}
