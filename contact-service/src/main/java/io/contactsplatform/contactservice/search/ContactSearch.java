package io.contactsplatform.contactservice.search;

import com.mongodb.client.model.Filters;
import io.contactsplatform.contactservice.contact.Contact;
import io.contactsplatform.contactservice.contact.ContactStore;
import io.contactsplatform.contactservice.contact.ContactView;
import io.contactsplatform.contactservice.contact.StoredContact;
import io.contactsplatform.contactservice.customfield.CustomFieldDefinition;
import io.contactsplatform.contactservice.customfield.CustomFieldStore;
import io.contactsplatform.support.contact.ContactLimits;
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
import reactor.core.scheduler.Schedulers;

/**
 * Contact search for the list API, segments, bulk actions and export: compiles a filter plus
 * free-text search into one query scoped to the caller's workspace, and pages it with keyset
 * cursors ({@link SearchSort}). Scope: erased contacts never match; archived ones only when the
 * filter names {@code status}. Free text matches every whitespace-separated word (ignoring case)
 * against names, email, company and phone digits; a search that looks like a phone number
 * matches its digits. Free text is at most {@link ContactLimits#SEARCH} characters and 10 words; the
 * CPU work (compiling the filter) runs off the event loop and the store driver's threads. The embedded store builds no secondary index, so every search scans the
 * contacts (see the contacts benchmark).
 */
@Service
public class ContactSearch {

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

  /**
   * Compiles with the workspace's current custom field definitions; 400 naming what is wrong.
   * The compile runs on the parallel scheduler: never on the store driver's thread that delivered
   * the definitions, nor on the event loop.
   */
  public Mono<Selection> compile(String workspaceId, Object filter, String search) {
    return customFields.definitions(workspaceId).publishOn(Schedulers.parallel())
        .map(defs -> compile(workspaceId, filter, search, defs));
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

  /**
   * The store conditions of a free-text search: its digits when it looks like a phone number,
   * else one condition per word. Bounded ({@link ContactLimits#SEARCH} characters, 10 words, no
   * NUL) and linear: a character scan, and every word quoted into a literal pattern.
   */
  static List<Bson> searchTerms(String search) {
    if (search == null || search.isBlank()) {
      return List.of();
    }
    if (search.length() > ContactLimits.SEARCH) {
      throw ApiException.badRequest("search: at most " + ContactLimits.SEARCH + " characters (got "
          + search.length() + ")");
    }
    if (search.indexOf('\u0000') >= 0) {
      throw ApiException.badRequest("search: contains a NUL character");
    }
    String text = search.trim();
    if (looksLikePhone(text)) {
      return List.of(Filters.regex("searchText", Pattern.quote(digits(text))));
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

  /** Only digits, {@code +}, spaces, dots, dashes and parentheses, with at least one digit: one pass. */
  static boolean looksLikePhone(String text) {
    boolean digit = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (c != '+' && c != ' ' && c != '(' && c != ')' && c != '.' && c != '-') {
        return false;
      }
    }
    return digit;
  }

  private static String digits(String text) {
    StringBuilder digits = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      }
    }
    return digits.toString();
  }

  /** One page: at most {@code pageSize} items after {@code cursor}, plus the total count. */
  public Mono<Page> page(String workspaceId, Object filter, String search, Object sort, Integer pageSize,
                         String cursor) {
    int size = CursorPage.pageSize(pageSize);
    return customFields.definitions(workspaceId).publishOn(Schedulers.parallel()).flatMap(defs -> {
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
