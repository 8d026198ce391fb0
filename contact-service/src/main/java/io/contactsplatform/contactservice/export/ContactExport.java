package io.contactsplatform.contactservice.export;

import de.siegmar.fastcsv.writer.CsvWriter;
import io.contactsplatform.contactservice.contact.Contact;
import io.contactsplatform.contactservice.contact.ContactStore;
import io.contactsplatform.contactservice.contact.StoredContact;
import io.contactsplatform.contactservice.customfield.CustomFieldDefinition;
import io.contactsplatform.contactservice.customfield.CustomFieldStore;
import io.contactsplatform.contactservice.dncview.DncView;
import io.contactsplatform.contactservice.search.ContactSearch;
import io.contactsplatform.contactservice.segment.SegmentStore;
import io.contactsplatform.contactservice.segment.Segments;
import io.contactsplatform.support.csv.CsvCells;
import io.contactsplatform.support.web.ApiException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * CSV export of a selection (explicit ids, filter plus search, a segment's members, or every
 * active contact): a header row, every standard field, the DNC view and one {@code cf:<key>}
 * column per custom field definition; cells neutralised against formula injection ({@link CsvCells}); written by
 * FastCSV. Rows are streamed from the store in chunks ({@value #ROWS_PER_CHUNK} rows per write),
 * so memory stays flat whatever the size. Lists are joined with {@code ;}.
 *
 * <p>A selection that does not compile is a 400/422 before the first byte. An export that fails
 * after its first bytes (the store fails, a stored contact cannot be read) ends with a line
 * starting {@value #FAILURE_MARKER} and then the response is aborted without its terminating chunk,
 * so HTTP clients report a transfer error (curl exits with 18) and the saved file says it is
 * incomplete.
 */
@Service
class ContactExport {

  static final int ROWS_PER_CHUNK = 500;
  /** How the failure line of an export that failed midway starts. */
  static final String FAILURE_MARKER = "#EXPORT FAILED:";
  private static final Logger log = LoggerFactory.getLogger(ContactExport.class);
  private static final List<String> STANDARD = List.of("id", "phone", "phoneExtension", "externalId", "firstName",
      "lastName", "email", "company", "country", "timezone", "timezoneSource", "timezoneCandidates", "tags",
      "doNotCall", "dncBlocked", "dncSources", "status", "source", "createdAt", "updatedAt", "version");

  private final ContactStore contacts;
  private final ContactSearch search;
  private final Segments segments;
  private final SegmentStore segmentStore;
  private final CustomFieldStore customFields;

  ContactExport(ContactStore contacts, ContactSearch search, Segments segments, SegmentStore segmentStore,
                CustomFieldStore customFields) {
    this.contacts = contacts;
    this.search = search;
    this.segments = segments;
    this.segmentStore = segmentStore;
    this.customFields = customFields;
  }

  /** An export ready to stream: the selection is checked (400/422) before the first byte. */
  record Export(Flux<byte[]> chunks) {
  }

  Mono<Export> export(String workspaceId, List<String> ids, Object filter, String text, String segmentId) {
    int kinds = (ids != null ? 1 : 0) + (segmentId != null ? 1 : 0) + (filter != null || text != null ? 1 : 0);
    if (kinds > 1) {
      return Mono.error(ApiException.badRequest("selection: at most one of ids, filter/search, segmentId"));
    }
    Mono<Flux<StoredContact>> selected;
    if (ids != null) {
      selected = Mono.just(Flux.fromIterable(ids).buffer(1000).concatMap(chunk -> byIds(workspaceId, chunk)));
    } else if (segmentId != null) {
      selected = segmentStore.find(workspaceId, segmentId)
          .switchIfEmpty(Mono.error(() -> ApiException.notFound("segment " + segmentId + " not found")))
          .map(segment -> segments.memberIds(workspaceId, segment).buffer(1000)
              .concatMap(chunk -> byIds(workspaceId, chunk)));
    } else {
      selected = search.compile(workspaceId, filter, text).map(search::stream);
    }
    return Mono.zip(selected, customFields.definitions(workspaceId))
        .map(t -> new Export(rows(t.getT1(), List.copyOf(t.getT2().values()))));
  }

  private Flux<StoredContact> byIds(String workspaceId, List<String> chunk) {
    return contacts.findAll(chunk).flatMapMany(found -> Flux.fromIterable(chunk)
        .filter(id -> found.get(id) != null && workspaceId.equals(found.get(id).contact().workspaceId())
            && !found.get(id).contact().erased())
        .map(found::get));
  }

  private static Flux<byte[]> rows(Flux<StoredContact> contacts, List<CustomFieldDefinition> definitions) {
    List<String> header = new ArrayList<>(STANDARD);
    definitions.forEach(d -> header.add(d.qualifiedName()));
    Flux<byte[]> head = Flux.just(csv(List.of(header)));
    AtomicLong written = new AtomicLong();
    Flux<byte[]> body = contacts
        .map(stored -> row(stored, definitions, Instant.now()))
        .buffer(ROWS_PER_CHUNK)
        .map(rows -> {
          byte[] chunk = csv(rows);
          written.addAndGet(rows.size());
          return chunk;
        });
    return head.concatWith(body).onErrorResume(e -> {
      log.warn("export failed after {} rows; marking the file incomplete and aborting the response: {}",
          written.get(), e.toString());
      return Flux.concat(Flux.just(failureMarker(written.get())), Flux.error(new ExportFailed(e)));
    });
  }

  /**
   * The last line of an export that failed midway, after the rows written so far: the file says
   * it is incomplete even if the client ignores the aborted transfer.
   */
  static byte[] failureMarker(long rowsWritten) {
    return (FAILURE_MARKER + " the export failed after " + rowsWritten
        + " contacts; this file is incomplete, export again\r\n").getBytes(StandardCharsets.UTF_8);
  }

  /** An export that failed after its first bytes were sent: the server aborts the response. */
  static final class ExportFailed extends RuntimeException {
    ExportFailed(Throwable cause) {
      super("export failed midway", cause);
    }
  }

  private static List<String> row(StoredContact stored, List<CustomFieldDefinition> definitions, Instant now) {
    Contact c = stored.contact();
    DncView dnc = stored.dnc().view(now);
    List<String> row = new ArrayList<>(Arrays.asList(c.id(), c.phoneE164(), c.phoneExtension(), c.externalId(),
        c.firstName(), c.lastName(), c.email(), c.company(), c.country(), c.timezone(), c.timezoneSource(),
        String.join(";", c.timezoneCandidates()), String.join(";", c.tags()), String.valueOf(c.doNotCall()),
        String.valueOf(dnc.blocked()), String.join(";", dnc.sources()), c.status(), c.source(),
        String.valueOf(c.createdAt()), String.valueOf(c.updatedAt()), String.valueOf(c.version())));
    Map<String, Object> values = c.customFields();
    for (CustomFieldDefinition d : definitions) {
      Object value = values.get(d.key());
      row.add(value == null ? null : value.toString());
    }
    return row;
  }

  private static byte[] csv(List<List<String>> rows) {
    StringWriter out = new StringWriter();
    CsvWriter writer = CsvWriter.builder().build(out);
    for (List<String> row : rows) {
      writer.writeRecord(row.stream().map(CsvCells::neutralise).toList());
    }
    try {
      writer.close();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
