package io.contactsplatform.contactservice;

import com.mongodb.client.model.Indexes;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.support.mongo.StartupIndexes;
import io.contactsplatform.support.mongo.StartupIndexes.Index;
import java.util.List;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The secondary indexes contact-service's queries need on MongoDB: search and bulk selections
 * (workspace, status, then the default and common sort keys with {@code _id} as tie-break),
 * custom-field usage counts, segments by workspace, frozen member chunks by owner, unfinished bulk
 * jobs, the outbox sweep. Limit: a search sorted by a custom field or another rarely used field
 * uses the (workspaceId, status) prefix and sorts in memory within the page's matches.
 */
@Component
class ContactIndexes {

  static final List<Index> INDEXES = List.of(
      new Index("contacts", Indexes.ascending("workspaceId", "status", "createdAt", "_id")),
      new Index("contacts", Indexes.ascending("workspaceId", "status", "updatedAt", "_id")),
      new Index("contacts", Indexes.ascending("workspaceId", "status", "lastName", "_id")),
      new Index("contact_keys", Indexes.ascending("contactId")),
      new Index("contact_outbox", Indexes.ascending("createdAt")),
      new Index("custom_fields", Indexes.ascending("workspaceId")),
      new Index("segments", Indexes.ascending("workspaceId", "customFieldsUsed")),
      new Index("segment_members", Indexes.ascending("owner")),
      new Index("bulk_members", Indexes.ascending("owner")),
      new Index("bulk_jobs", Indexes.ascending("status")));

  private final MongoDatabase database;

  ContactIndexes(MongoDatabase database) {
    this.database = database;
  }

  @EventListener(ApplicationReadyEvent.class)
  void declare() {
    StartupIndexes.declare(database, "contact-service", INDEXES);
  }
}
