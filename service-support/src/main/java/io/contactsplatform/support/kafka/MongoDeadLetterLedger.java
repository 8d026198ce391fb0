package io.contactsplatform.support.kafka;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import java.time.Duration;
import java.util.Date;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * {@link DeadLetterLedger} in the service's own database: one document per dead-lettered record in
 * {@value #COLLECTION}, {@code _id = <topic>-<partition>@<offset>}. The insert of that {@code _id} is
 * the claim, so N instances of a service (or N starts of one) dead-letter a record once between them.
 * Limits: a crash between the claim and the DLT publication loses that DLT copy (the WARN line was
 * logged); services owning different databases each dead-letter a record they both consume once.
 * Documents are kept (a handful of poison records; TTL is not relied upon).
 */
public final class MongoDeadLetterLedger implements DeadLetterLedger {

  public static final String COLLECTION = "dead_lettered_records";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ReactiveMongoTemplate mongo;

  public MongoDeadLetterLedger(ReactiveMongoTemplate mongo) {
    this.mongo = mongo;
  }

  @Override
  public boolean claim(ConsumerRecord<?, ?> record) {
    Document marker = new Document("_id", DeadLetterLedger.keyOf(record))
        .append("topic", record.topic()).append("partition", record.partition()).append("offset", record.offset())
        .append("at", new Date());
    try {
      mongo.insert(marker, COLLECTION).block(TIMEOUT);
      return true;
    } catch (DuplicateKeyException e) {
      return false;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void release(ConsumerRecord<?, ?> record) {
    mongo.remove(Query.query(Criteria.where("_id").is(DeadLetterLedger.keyOf(record))), COLLECTION).block(TIMEOUT);
  }
}
