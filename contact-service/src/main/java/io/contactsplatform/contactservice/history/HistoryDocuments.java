package io.contactsplatform.contactservice.history;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * The history entry document layout, the same in {@code contact_history} and in a contact
 * document's {@code pendingHistory} array: {@code _id} is {@code <workspace>|<contact>|<version>},
 * so the entry of one version has exactly one place; the other members mirror {@link HistoryEntry}.
 */
public final class HistoryDocuments {

  /** The contact document member holding entries written with the change and not yet copied. */
  public static final String PENDING = "pendingHistory";

  private HistoryDocuments() {
  }

  static String id(String workspaceId, String contactId, long version) {
    return workspaceId + "|" + contactId + "|" + version;
  }

  public static Document toDocument(HistoryEntry e) {
    Document source = new Document("kind", e.source().kind());
    putIfSet(source, "importId", e.source().importId());
    putIfSet(source, "row", e.source().row());
    putIfSet(source, "bulkJobId", e.source().bulkJobId());
    putIfSet(source, "system", e.source().system());
    putIfSet(source, "detail", e.source().detail());
    List<Document> changes = new ArrayList<>();
    for (FieldChange c : e.changes()) {
      changes.add(new Document("field", c.field()).append("before", c.before()).append("after", c.after()));
    }
    Document d = new Document("_id", id(e.workspaceId(), e.contactId(), e.version()))
        .append("workspaceId", e.workspaceId())
        .append("contactId", e.contactId())
        .append("version", e.version())
        .append("occurredAt", Date.from(e.occurredAt()))
        .append("operation", e.operation().name())
        .append("source", source);
    putIfSet(d, "actor", e.actor());
    return d.append("changes", changes);
  }

  static HistoryEntry fromDocument(Document d) {
    Document s = d.get("source", Document.class);
    Number row = s.get("row", Number.class);
    HistorySource source = new HistorySource(s.getString("kind"), s.getString("importId"),
        row == null ? null : row.longValue(), s.getString("bulkJobId"), s.getString("system"), s.getString("detail"));
    List<FieldChange> changes = new ArrayList<>();
    for (Document c : d.getList("changes", Document.class, List.of())) {
      changes.add(new FieldChange(c.getString("field"), c.get("before"), c.get("after")));
    }
    return new HistoryEntry(d.getString("workspaceId"), d.getString("contactId"),
        d.get("version", Number.class).longValue(), d.getDate("occurredAt").toInstant(),
        HistoryOperation.valueOf(d.getString("operation")), source, d.getString("actor"), changes);
  }

  private static void putIfSet(Document d, String name, Object value) {
    if (value != null) {
      d.append(name, value);
    }
  }
}
