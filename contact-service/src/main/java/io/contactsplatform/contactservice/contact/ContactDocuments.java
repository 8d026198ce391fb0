package io.contactsplatform.contactservice.contact;

import static io.contactsplatform.support.mongo.MongoValues.instant;

import com.mongodb.client.model.Updates;
import io.contactsplatform.contactservice.dncview.DncState;
import io.contactsplatform.contactservice.history.HistoryDocuments;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The contact document layout. Besides the contact's fields: {@code dnc} ({@link DncState}, absent
 * when the number has no active entry), {@code recentUpserts} ({@code <eventId>:<outcome>}) and
 * {@code pendingHistory} (history entries written with the change, not yet copied to the history;
 * see {@link io.contactsplatform.contactservice.history.ContactHistory}) and
 * {@code searchText}, the lower-cased names, email, company and phone digits that free-text search
 * matches (MongoDB's {@code $text} is not available on the embedded store). Fields without a value
 * are absent rather than null: mongo-java-server serialises every member, so lean documents write
 * faster, and queries treat missing and null alike.
 */
final class ContactDocuments {

  private ContactDocuments() {
  }

  /** The whole document; fields without a value are left out (the store serialises every member). */
  static Document toDocument(StoredContact stored) {
    Document d = new Document("_id", stored.contact().id());
    fields(stored).forEach((name, value) -> {
      if (value != null) {
        d.append(name, value);
      }
    });
    if (!stored.dnc().equals(DncState.NONE)) {
      d.append("dnc", stored.dnc().toDocument());
    }
    return d;
  }

  /** The whole document carrying the history entries of its change(s) as pending. */
  static Document toDocument(StoredContact stored, List<Document> pendingHistory) {
    return toDocument(stored).append(HistoryDocuments.PENDING, pendingHistory);
  }

  /**
   * {@link #updateOf(StoredContact)} plus appending the history entries of the change(s) to the
   * pending ones, in the same single-document update.
   */
  static Bson updateOf(StoredContact stored, List<Document> pendingHistory) {
    return Updates.combine(updateOf(stored), Updates.pushEach(HistoryDocuments.PENDING, pendingHistory));
  }

  /** {@code $set} of every field with a value and {@code $unset} of the others, except {@code _id} and {@code dnc}. */
  static Bson updateOf(StoredContact stored) {
    List<Bson> changes = new ArrayList<>();
    fields(stored).forEach((name, value) -> changes.add(value == null ? Updates.unset(name) : Updates.set(name, value)));
    return Updates.combine(changes);
  }

  private static Map<String, Object> fields(StoredContact stored) {
    Contact c = stored.contact();
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("workspaceId", c.workspaceId());
    f.put("phoneE164", c.phoneE164());
    f.put("phoneExtension", c.phoneExtension());
    f.put("externalId", c.externalId());
    f.put("firstName", c.firstName());
    f.put("lastName", c.lastName());
    f.put("email", c.email());
    f.put("company", c.company());
    f.put("country", c.country());
    f.put("timezone", c.timezone());
    f.put("timezoneSource", c.timezoneSource());
    f.put("timezoneCandidates", c.timezoneCandidates());
    f.put("tags", c.tags());
    f.put("doNotCall", c.doNotCall());
    f.put("customFields", new Document(c.customFields()));
    f.put("source", c.source());
    f.put("status", c.status());
    f.put("createdAt", Date.from(c.createdAt()));
    f.put("updatedAt", Date.from(c.updatedAt()));
    f.put("version", c.version());
    f.put("searchText", searchText(c));
    List<String> marks = new ArrayList<>();
    for (StoredContact.UpsertMark mark : stored.recentUpserts()) {
      marks.add(mark.eventId() + ":" + mark.outcome());
    }
    f.put("recentUpserts", marks);
    return f;
  }

  static String searchText(Contact c) {
    StringJoiner text = new StringJoiner(" ");
    for (String part : new String[] {c.firstName(), c.lastName(), c.email(), c.company()}) {
      if (part != null) {
        text.add(part.toLowerCase(Locale.ROOT));
      }
    }
    if (c.phoneE164() != null) {
      text.add(c.phoneE164().substring(1));
    }
    return text.toString();
  }

  static StoredContact fromDocument(Document d) {
    Document custom = d.get("customFields", Document.class);
    Map<String, Object> customFields = custom == null ? Map.of() : new LinkedHashMap<>(custom);
    Number version = d.get("version", Number.class);
    Contact contact = new Contact(d.getString("_id"), d.getString("workspaceId"), d.getString("phoneE164"),
        d.getString("phoneExtension"), d.getString("externalId"), d.getString("firstName"),
        d.getString("lastName"), d.getString("email"), d.getString("company"), d.getString("country"),
        d.getString("timezone"), d.getString("timezoneSource"), d.getList("timezoneCandidates", String.class),
        d.getList("tags", String.class), Boolean.TRUE.equals(d.getBoolean("doNotCall")), customFields,
        d.getString("source"), d.getString("status"), instant(d.getDate("createdAt")),
        instant(d.getDate("updatedAt")), version == null ? 0 : version.longValue());
    List<StoredContact.UpsertMark> marks = new ArrayList<>();
    for (String mark : d.getList("recentUpserts", String.class, List.of())) {
      int colon = mark.lastIndexOf(':');
      marks.add(new StoredContact.UpsertMark(mark.substring(0, colon), mark.substring(colon + 1)));
    }
    return new StoredContact(contact, DncState.fromDocument(d.get("dnc", Document.class)), marks,
        !d.getList(HistoryDocuments.PENDING, Document.class, List.of()).isEmpty());
  }
}
