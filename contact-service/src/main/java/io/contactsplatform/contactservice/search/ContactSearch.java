package io.contactsplatform.contactservice.search;

import com.mongodb.client.model.Filters;
import io.contactsplatform.contactservice.contact.Contact;
import io.contactsplatform.contactservice.contact.ContactStore;
import io.contactsplatform.contactservice.contact.ContactView;
import io.contactsplatform.contactservice.contact.StoredContact;
import io.contactsplatform.contactservice.customfield.CustomFieldDefinition;
import io.contactsplatform.contactservice.customfield.CustomFieldStore;
import io.contactsplatform.support.web.ApiException;
import io.contactsplatform.support.web.CursorPage;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Contact search for the list API, segments, bulk actions and export: compiles a filter plus
 * free-text search into one query scoped to the caller's workspace, and pages it with keyset
 * cursors ({@link SearchSort}). Scope: erased contacts never match; archived ones only when the
 * filter names {@code status}. Free text matches every whitespace-separated word (ignoring case)
 * against names, email, company and phone digits; a search that looks like a phone number
 * matches its digits. The embedded store builds no secondary index, so every search scans the
 * contacts (see the contacts benchmark).
 */
@Service
public class ContactSearch {

  private static final Pattern PHONE_LIKE = Pattern.compile("^[+0-9 ().\\-]*[0-9][+0-9 ().\\-]*$");
  private static final int MAX_SEARCH_WORDS = 10;

  private final ContactStore store;
  private final CustomFieldStore customFields;

  ContactSearch(ContactStore store, CustomFieldStore customFields) {
    this.store = store;
    this.customFields = customFields;
  }

  /** A compiled selection: the query and the custom fields its filter uses. */
  public record Selection(Bson query, Set<String> customFieldsUsed) {
  }

  /** One page of results. */
  @Schema(name = "ContactPage")
  public record Page(List<ContactView> items, String nextCursor, long total) {
  }

  /** Compiles with the workspace's current custom field definitions; 400 naming what is wrong. */
  public Mono<Selection> compile(String workspaceId, Object filter, String search) {
    return customFields.definitions(workspaceId).map(defs -> compile(workspaceId, filter, search, defs));
  }

  public static Selection compile(String workspaceId, Object filter, String search,
                                  Map<String, CustomFieldDefinition> definitions) {
    ContactFilter compiler = new ContactFilter(new FieldCatalog(definitions), Instant.now());
    Bson compiled = compiler.compile(filter);
    List<Bson> parts = new ArrayList<>();
    parts.add(Filters.eq("workspaceId", workspaceId));
    parts.add(compiler.statusUsed() ? Filters.ne("status", Contact.ERASED) : Filters.eq("status", Contact.ACTIVE));
    if (compiled != null) {
      parts.add(compiled);
    }
    parts.addAll(searchTerms(search));
    return new Selection(Filters.and(parts), compiler.customFieldsUsed());
  }

  /** Validates a search definition (for segments): throws the same 400 a search would. */
  public static void validate(Object filter, String search, Map<String, CustomFieldDefinition> definitions) {
    compile("-", filter, search, definitions);
  }

  private static List<Bson> searchTerms(String search) {
    if (search == null || search.isBlank()) {
      return List.of();
    }
    String text = search.trim();
    if (PHONE_LIKE.matcher(text).matches()) {
      return List.of(Filters.regex("searchText", Pattern.quote(text.replaceAll("[^0-9]", ""))));
    }
    String[] words = text.toLowerCase(Locale.ROOT).split("\\s+");
    if (words.length > MAX_SEARCH_WORDS) {
      throw ApiException.badRequest("search: at most " + MAX_SEARCH_WORDS + " words");
    }
    List<Bson> terms = new ArrayList<>();
    for (String word : words) {
      terms.add(Filters.regex("searchText", Pattern.quote(word)));
    }
    return terms;
  }

  /** One page: at most {@code pageSize} items after {@code cursor}, plus the total count. */
  public Mono<Page> page(String workspaceId, Object filter, String search, Object sort, Integer pageSize,
                         String cursor) {
    int size = CursorPage.pageSize(pageSize);
    return customFields.definitions(workspaceId).flatMap(defs -> {
      Selection selection = compile(workspaceId, filter, search, defs);
      SearchSort order = SearchSort.parse(sort, new FieldCatalog(defs));
      return page(selection, order, size, cursor, true);
    });
  }

  /** A page of a compiled selection in createdAt order (segments). */
  public Mono<Page> page(Selection selection, Integer pageSize, String cursor) {
    SearchSort order = SearchSort.parse(null, new FieldCatalog(Map.of()));
    return page(selection, order, CursorPage.pageSize(pageSize), cursor, true);
  }

  private Mono<Page> page(Selection selection, SearchSort order, int size, String cursor, boolean withTotal) {
    Bson query = selection.query();
    if (cursor != null && !cursor.isBlank()) {
      Map.Entry<Object, String> after = order.decode(cursor);
      query = Filters.and(query, order.after(after.getKey(), after.getValue()));
    }
    Instant now = Instant.now();
    Mono<List<Document>> documents = store.documents(query, order.order(), size + 1).collectList();
    Mono<Long> total = withTotal ? store.count(selection.query()) : Mono.just(-1L);
    return Mono.zip(documents, total).map(t -> {
      List<Document> found = t.getT1();
      List<ContactView> items = new ArrayList<>();
      for (int i = 0; i < Math.min(size, found.size()); i++) {
        items.add(ContactView.of(ContactStore.decode(found.get(i)), now));
      }
      String next = null;
      if (found.size() > size) {
        Document last = found.get(size - 1);
        next = order.cursor(order.valueOf(last), last.getString("_id"));
      }
      return new Page(items, next, t.getT2());
    });
  }

  public Mono<Long> count(Selection selection) {
    return store.count(selection.query());
  }

  /** Ids of the selected contacts, streamed. */
  public Flux<String> ids(Selection selection) {
    return store.ids(selection.query());
  }

  /** The selected contacts, streamed in store order (memory stays flat). */
  public Flux<StoredContact> stream(Selection selection) {
    return store.query(selection.query(), null, 0);
  }
}
