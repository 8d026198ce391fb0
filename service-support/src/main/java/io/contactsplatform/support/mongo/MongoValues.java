package io.contactsplatform.support.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;

/**
 * Small conversions every store needs, in one place: whether a write failed on a unique key, and
 * {@link Instant} ↔ BSON date (null stays null).
 *
 * <p>Limit: {@link #isDuplicateKey} says true for a bulk write when any of its errors is a
 * duplicate key, even if others are not; callers that care tell them apart themselves.
 */
public final class MongoValues {

  private MongoValues() {
  }

  /**
   * True when {@code e} is a duplicate-key error (a unique key already taken): a write error, a
   * bulk write with such an error, or a command (e.g. an upserting findOneAndUpdate) that failed
   * with code 11000 (some stores only say {@code E11000} in the message).
   */
  public static boolean isDuplicateKey(Throwable e) {
    if (e instanceof MongoWriteException w) {
      return w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
    if (e instanceof MongoBulkWriteException b) {
      return b.getWriteErrors().stream()
          .anyMatch(err -> ErrorCategory.fromErrorCode(err.getCode()) == ErrorCategory.DUPLICATE_KEY);
    }
    if (e instanceof MongoException m) {
      return ErrorCategory.fromErrorCode(m.getCode()) == ErrorCategory.DUPLICATE_KEY
          || (m.getMessage() != null && m.getMessage().contains("E11000"));
    }
    return false;
  }

  /** The BSON date of {@code instant}; null for null. */
  public static Date date(Instant instant) {
    return instant == null ? null : Date.from(instant);
  }

  /** The instant of a BSON date; null for null. */
  public static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }

  /** The instant of {@code document}'s date field {@code field}; null when absent or null. */
  public static Instant instant(Document document, String field) {
    return instant(document.getDate(field));
  }
}
