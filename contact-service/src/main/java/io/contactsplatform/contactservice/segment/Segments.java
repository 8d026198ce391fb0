package io.contactsplatform.contactservice.segment;

import io.contactsplatform.contactservice.contact.Contact;
import io.contactsplatform.contactservice.contact.ContactStore;
import io.contactsplatform.contactservice.contact.ContactView;
import io.contactsplatform.contactservice.contact.StoredContact;
import io.contactsplatform.contactservice.customfield.CustomFieldDefinition;
import io.contactsplatform.contactservice.customfield.CustomFieldStore;
import io.contactsplatform.contactservice.search.ContactSearch;
import io.contactsplatform.support.contact.ContactLimits;
import io.contactsplatform.support.web.ApiException;
import io.contactsplatform.support.web.CursorPage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Segment rules: a definition is validated on save (name and description within their
 * {@link ContactLimits}; a dynamic segment's filter and search compile against the workspace's
 * custom fields with the checks of every search, so a stored filter always compiles; a static segment's ids are contacts of the workspace);
 * members are the active contacts a segment selects (archived and erased ones never count);
 * a snapshot freezes a dynamic segment's current members, in creation order, into a new static one.
 */
@Service
public class Segments {

  static final int MAX_STATIC_IDS_PER_REQUEST = 10_000;

  private final SegmentStore store;
  private final ContactStore contacts;
  private final ContactSearch search;
  private final CustomFieldStore customFields;

  Segments(SegmentStore store, ContactStore contacts, ContactSearch search, CustomFieldStore customFields) {
    this.store = store;
    this.contacts = contacts;
    this.search = search;
    this.customFields = customFields;
  }

  /** Body of create and update; on update, absent members are left alone. */
  record SegmentRequest(String name, String description, String type, Object filter, String search,
                        List<String> contactIds) {
  }

  Mono<Segment> create(String workspaceId, SegmentRequest request) {
    Segment.Type type = type(request.type());
    String name = name(request.name());
    description(request.description());
    Instant now = Contact.now();
    String id = UUID.randomUUID().toString();
    if (type == Segment.Type.DYNAMIC) {
      if (request.contactIds() != null) {
        throw ApiException.unprocessable("contactIds: only for STATIC segments");
      }
      return customFields.definitions(workspaceId).publishOn(Schedulers.parallel()).flatMap(defs -> {
        ContactSearch.Selection selection = ContactSearch.compile(workspaceId, request.filter(), request.search(), defs);
        Segment segment = new Segment(id, name, request.description(), type, request.filter(), blankToNull(request.search()),
            null, null, null, List.copyOf(selection.customFieldsUsed()), now, now);
        return store.save(workspaceId, segment).thenReturn(segment);
      });
    }
    if (request.filter() != null || request.search() != null) {
      throw ApiException.unprocessable("filter: only for DYNAMIC segments (STATIC ones list contactIds)");
    }
    return checkedIds(workspaceId, request.contactIds())
        .flatMap(ids -> store.members().write(id, Flux.fromIterable(ids)))
        .flatMap(count -> {
          Segment segment = new Segment(id, name, request.description(), type, null, null, count, null, null,
              List.of(), now, now);
          return store.save(workspaceId, segment).thenReturn(segment);
        });
  }

  Mono<Segment> update(String workspaceId, String id, SegmentRequest request) {
    return find(workspaceId, id).flatMap(current -> {
      if (request.type() != null && type(request.type()) != current.type()) {
        throw ApiException.unprocessable("type: cannot be changed (snapshot a dynamic segment to get a static one)");
      }
      String name = request.name() == null ? current.name() : name(request.name());
      String description = request.description() == null ? current.description() : description(request.description());
      Instant now = Contact.now();
      if (current.type() == Segment.Type.DYNAMIC) {
        if (request.contactIds() != null) {
          throw ApiException.unprocessable("contactIds: only for STATIC segments");
        }
        Object filter = request.filter() == null ? current.filter() : request.filter();
        String text = request.search() == null ? current.search() : blankToNull(request.search());
        return customFields.definitions(workspaceId).publishOn(Schedulers.parallel()).flatMap(defs -> {
          ContactSearch.Selection selection = ContactSearch.compile(workspaceId, filter, text, defs);
          Segment updated = new Segment(id, name, description, current.type(), filter, text, null, null, null,
              List.copyOf(selection.customFieldsUsed()), current.createdAt(), now);
          return store.save(workspaceId, updated).thenReturn(updated);
        });
      }
      if (request.filter() != null || request.search() != null) {
        throw ApiException.unprocessable("filter: only for DYNAMIC segments (STATIC ones list contactIds)");
      }
      Mono<Long> members = request.contactIds() == null ? Mono.just(current.memberCount())
          : checkedIds(workspaceId, request.contactIds()).flatMap(ids -> store.members().write(id, Flux.fromIterable(ids)));
      return members.flatMap(count -> {
        Segment updated = new Segment(id, name, description, current.type(), null, null, count, current.snapshotOf(),
            current.snapshotAt(), List.of(), current.createdAt(), now);
        return store.save(workspaceId, updated).thenReturn(updated);
      });
    });
  }

  Mono<Void> delete(String workspaceId, String id) {
    return find(workspaceId, id).flatMap(s -> store.delete(s.id()));
  }

  Mono<Segment> find(String workspaceId, String id) {
    return store.find(workspaceId, id)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("segment " + id + " not found")));
  }

  Flux<Segment> list(String workspaceId) {
    return store.list(workspaceId);
  }

  /** The selection a dynamic segment stands for, compiled with today's custom fields. */
  public Mono<ContactSearch.Selection> selection(String workspaceId, Segment segment) {
    return search.compile(workspaceId, segment.filter(), segment.search());
  }

  /** A page of members: the search page for dynamic segments, member order for static ones. */
  Mono<ContactSearch.Page> members(String workspaceId, String id, Integer pageSize, String cursor) {
    int size = CursorPage.pageSize(pageSize);
    return find(workspaceId, id).flatMap(segment -> {
      if (segment.type() == Segment.Type.DYNAMIC) {
        return selection(workspaceId, segment).flatMap(selection -> search.page(selection, size, cursor));
      }
      long from = CursorPage.decodePosition(cursor);
      long total = segment.memberCount() == null ? 0 : segment.memberCount();
      return store.members().read(segment.id(), from, size)
          .flatMap(ids -> liveMembers(workspaceId, ids))
          .map(found -> {
            Instant now = Instant.now();
            List<ContactView> items = found.stream().map(c -> ContactView.of(c, now)).toList();
            String next = from + size < total ? CursorPage.encodePosition(from + size) : null;
            return new ContactSearch.Page(items, next, total);
          });
    });
  }

  /** Ids of the segment's members now (active contacts only), streamed. */
  public Flux<String> memberIds(String workspaceId, Segment segment) {
    if (segment.type() == Segment.Type.DYNAMIC) {
      return selection(workspaceId, segment).flatMapMany(search::ids);
    }
    long size = segment.memberCount() == null ? 0 : segment.memberCount();
    return store.members().chunks(segment.id(), size)
        .concatMap(ids -> liveMembers(workspaceId, ids))
        .concatMap(found -> Flux.fromIterable(found).map(c -> c.contact().id()));
  }

  /** The live member count. */
  Mono<Long> count(String workspaceId, String id) {
    return find(workspaceId, id).flatMap(segment -> segment.type() == Segment.Type.DYNAMIC
        ? selection(workspaceId, segment).flatMap(search::count)
        : memberIds(workspaceId, segment).count());
  }

  /** Freezes a dynamic segment's current members into a new static segment. */
  Mono<Segment> snapshot(String workspaceId, String id, String requestedName) {
    return find(workspaceId, id).flatMap(source -> {
      if (source.type() != Segment.Type.DYNAMIC) {
        throw ApiException.unprocessable("type: only DYNAMIC segments can be snapshotted");
      }
      Instant now = Contact.now();
      String snapshotId = UUID.randomUUID().toString();
      String name = requestedName == null || requestedName.isBlank()
          ? source.name() + " (snapshot " + now + ")" : name(requestedName);
      return selection(workspaceId, source)
          .flatMap(selection -> store.members().write(snapshotId, search.ids(selection)))
          .flatMap(count -> {
            Segment snapshot = new Segment(snapshotId, name, source.description(), Segment.Type.STATIC, null, null,
                count, source.id(), now, List.of(), now, now);
            return store.save(workspaceId, snapshot).thenReturn(snapshot);
          });
    });
  }

  /** Re-checks every segment that reads a custom field against new definitions; the ones that no longer compile. */
  public Flux<Segment> brokenBy(String workspaceId, Map<String, CustomFieldDefinition> definitions) {
    return store.usingCustomFields(workspaceId).filter(segment -> {
      try {
        ContactSearch.validate(segment.filter(), segment.search(), definitions);
        return false;
      } catch (ApiException e) {
        return true;
      }
    });
  }

  private Mono<List<StoredContact>> liveMembers(String workspaceId, List<String> ids) {
    return contacts.findAll(ids).map(found -> {
      List<StoredContact> live = new ArrayList<>();
      for (String id : ids) {
        StoredContact c = found.get(id);
        if (c != null && workspaceId.equals(c.contact().workspaceId()) && Contact.ACTIVE.equals(c.contact().status())) {
          live.add(c);
        }
      }
      return live;
    });
  }

  private Mono<List<String>> checkedIds(String workspaceId, List<String> requested) {
    if (requested == null) {
      return Mono.error(ApiException.unprocessable("contactIds: required for a STATIC segment"));
    }
    if (requested.size() > MAX_STATIC_IDS_PER_REQUEST) {
      return Mono.error(ApiException.unprocessable("contactIds: at most " + MAX_STATIC_IDS_PER_REQUEST
          + " per request (snapshot a dynamic segment for larger audiences)"));
    }
    Set<String> ids = new LinkedHashSet<>();
    for (String id : requested) {
      if (id == null || id.isBlank()) {
        return Mono.error(ApiException.unprocessable("contactIds: blank id"));
      }
      ids.add(id);
    }
    return Flux.fromIterable(ids).buffer(1000)
        .concatMap(chunk -> contacts.findAll(chunk).map(found -> chunk.stream()
            .filter(id -> found.get(id) == null || !workspaceId.equals(found.get(id).contact().workspaceId())
                || found.get(id).contact().erased())
            .toList()))
        .flatMapIterable(unknown -> unknown)
        .take(5)
        .collectList()
        .flatMap(unknown -> unknown.isEmpty() ? Mono.just(List.copyOf(ids))
            : Mono.error(ApiException.unprocessable("contactIds: not contacts of this workspace: "
                + String.join(", ", unknown))));
  }

  private static Segment.Type type(String raw) {
    if (raw == null) {
      throw ApiException.unprocessable("type: required (DYNAMIC or STATIC)");
    }
    try {
      return Segment.Type.valueOf(raw.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.unprocessable("type: must be DYNAMIC or STATIC");
    }
  }

  private static String name(String raw) {
    if (raw == null || raw.isBlank()) {
      throw ApiException.unprocessable("name: required");
    }
    String name = raw.trim();
    String tooLong = ContactLimits.tooLong("name", name, ContactLimits.SEGMENT_NAME);
    if (tooLong != null) {
      throw ApiException.unprocessable(tooLong);
    }
    return name;
  }

  private static String description(String raw) {
    String tooLong = ContactLimits.tooLong("description", raw, ContactLimits.SEGMENT_DESCRIPTION);
    if (tooLong != null) {
      throw ApiException.unprocessable(tooLong);
    }
    return raw;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

}
