package io.contactsplatform.importservice;

import com.mongodb.client.model.Indexes;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.support.mongo.StartupIndexes;
import io.contactsplatform.support.mongo.StartupIndexes.Index;
import java.util.List;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The secondary indexes import-service's queries need on MongoDB: a workspace's imports newest
 * first, the unfinished-import scan, answer and row findings of one import in row order.
 */
@Component
class ImportIndexes {

  static final List<Index> INDEXES = List.of(
      new Index("import_jobs", Indexes.compoundIndex(Indexes.ascending("workspaceId"),
          Indexes.descending("createdAt", "_id"))),
      new Index("import_jobs", Indexes.ascending("status", "createdAt")),
      new Index("import_answer_issues", Indexes.ascending("importId", "rowNumber")),
      new Index("import_row_issues", Indexes.ascending("importId")),
      new Index("import_row_answers", Indexes.ascending("importId")));

  private final MongoDatabase database;

  ImportIndexes(MongoDatabase database) {
    this.database = database;
  }

  @EventListener(ApplicationReadyEvent.class)
  void declare() {
    StartupIndexes.declare(database, "import-service", INDEXES);
  }
}
