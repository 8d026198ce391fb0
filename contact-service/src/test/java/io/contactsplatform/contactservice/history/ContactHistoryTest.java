package io.contactsplatform.contactservice.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.contactservice.contact.Contact;
import io.contactsplatform.testsupport.TestStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The relay from a contact's pending entries to the history on mongo-java-server, including the
 * states a crash leaves behind (entries copied but still pending, an erasure half done).
 */
class ContactHistoryTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static TestStore store;

  private MongoCollection<Document> contacts;
  private MongoCollection<Document> history;
  private ContactHistory relay;
  private final String contactId = UUID.randomUUID().toString();

  @BeforeAll
  static void startStore() {
    store = TestStore.start();
  }

  @AfterAll
  static void stopStore() {
    store.close();
  }

  @BeforeEach
  void freshDatabase() {
    MongoDatabase database = store.database("history_" + UUID.randomUUID().toString().replace("-", ""));
    contacts = database.getCollection("contacts");
    history = database.getCollection(ContactHistory.COLLECTION);
    relay = new ContactHistory(database);
    relay.declareIndexes();
  }

  private Document entry(long version, HistoryOperation operation) {
    List<FieldChange> changes = operation == HistoryOperation.ERASED ? List.of()
        : List.of(new FieldChange("firstName", "v" + (version - 1), "v" + version));
    return HistoryDocuments.toDocument(new HistoryEntry("ws-1", contactId, version,
        Instant.parse("2026-12-07T10:00:00Z").plusSeconds(version), operation, HistorySource.of(HistorySource.API),
        "api-key:ws-1", changes));
  }

  private void contactWithPending(String status, Document... pending) {
    Mono.from(contacts.insertOne(new Document("_id", contactId).append("workspaceId", "ws-1").append("status", status)
        .append(HistoryDocuments.PENDING, List.of(pending)))).block(WAIT);
  }

  private List<Document> pending() {
    Document contact = Mono.from(contacts.find(Filters.eq("_id", contactId)).first()).block(WAIT);
    return contact.getList(HistoryDocuments.PENDING, Document.class, List.of());
  }

  private List<Long> storedVersions() {
    return Flux.from(history.find(Filters.eq("contactId", contactId)))
        .map(d -> d.get("version", Number.class).longValue()).sort().collectList().block(WAIT);
  }

  @Test
  void flushCopiesPendingEntriesToTheHistoryAndRemovesThemFromTheContact() {
    contactWithPending(Contact.ACTIVE, entry(1, HistoryOperation.CREATED), entry(2, HistoryOperation.UPDATED));

    relay.flush(List.of(contactId)).block(WAIT);

    assertThat(storedVersions()).containsExactly(1L, 2L);
    assertThat(pending()).isEmpty();
    HistoryEntry second = relay.newest("ws-1", contactId, 2, 1).block(WAIT).get(0);
    assertThat(second.changes()).containsExactly(new FieldChange("firstName", "v1", "v2"));
    assertThat(second.actor()).isEqualTo("api-key:ws-1");
  }

  @Test
  void entriesCopiedBeforeACrashAndStillPendingAreNotDoubledByTheNextFlush() {
    Mono.from(history.insertOne(entry(1, HistoryOperation.CREATED))).block(WAIT);
    contactWithPending(Contact.ACTIVE, entry(1, HistoryOperation.CREATED), entry(2, HistoryOperation.UPDATED));

    relay.flush(List.of(contactId)).block(WAIT);
    relay.flush(List.of(contactId)).block(WAIT);

    assertThat(storedVersions()).containsExactly(1L, 2L);
    assertThat(pending()).isEmpty();
  }

  @Test
  void entryWrittenWithAChangeLaterThanTheFlushReadStaysPending() {
    contactWithPending(Contact.ACTIVE, entry(1, HistoryOperation.CREATED));
    relay.flush(List.of(contactId)).block(WAIT);
    Mono.from(contacts.updateOne(Filters.eq("_id", contactId),
        Updates.push(HistoryDocuments.PENDING, entry(2, HistoryOperation.UPDATED)))).block(WAIT);

    assertThat(pending()).extracting(d -> d.get("version")).containsExactly(2L);
    relay.flush(List.of(contactId)).block(WAIT);
    assertThat(storedVersions()).containsExactly(1L, 2L);
  }

  @Test
  void erasureDeletesEveryOlderEntryAndKeepsItsOwn() {
    contactWithPending(Contact.ACTIVE, entry(1, HistoryOperation.CREATED), entry(2, HistoryOperation.UPDATED));
    relay.flush(List.of(contactId)).block(WAIT);
    Mono.from(contacts.updateOne(Filters.eq("_id", contactId), Updates.combine(Updates.set("status", Contact.ERASED),
        Updates.set(HistoryDocuments.PENDING, List.of(entry(3, HistoryOperation.ERASED)))))).block(WAIT);

    relay.flush(List.of(contactId)).block(WAIT);

    assertThat(storedVersions()).containsExactly(3L);
    assertThat(relay.newest("ws-1", contactId, 3, 10).block(WAIT))
        .singleElement().satisfies(e -> {
          assertThat(e.operation()).isEqualTo(HistoryOperation.ERASED);
          assertThat(e.changes()).isEmpty();
        });
  }

  @Test
  void olderEntryCopiedAfterAnErasureIsDeletedAgain() {
    contactWithPending(Contact.ERASED, entry(2, HistoryOperation.UPDATED), entry(3, HistoryOperation.ERASED));
    Mono.from(history.insertOne(entry(3, HistoryOperation.ERASED))).block(WAIT);

    relay.flush(List.of(contactId)).block(WAIT);

    assertThat(storedVersions()).containsExactly(3L);
  }

  @Test
  void newestPagesDownFromAVersionSkippingVersionsWithoutEntries() {
    List<Document> pending = new ArrayList<>();
    for (long v = 150; v <= 260; v++) {
      pending.add(entry(v, HistoryOperation.UPDATED));
    }
    contactWithPending(Contact.ACTIVE, pending.toArray(Document[]::new));
    relay.flush(List.of(contactId)).block(WAIT);

    assertThat(relay.newest("ws-1", contactId, 260, 3).block(WAIT)).extracting(HistoryEntry::version)
        .containsExactly(260L, 259L, 258L);
    assertThat(relay.newest("ws-1", contactId, 152, 5).block(WAIT)).extracting(HistoryEntry::version)
        .containsExactly(152L, 151L, 150L);
    assertThat(relay.newest("other-ws", contactId, 260, 5).block(WAIT)).isEmpty();
  }
}
