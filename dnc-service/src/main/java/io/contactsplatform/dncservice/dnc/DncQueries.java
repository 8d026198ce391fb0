package io.contactsplatform.dncservice.dnc;

import com.mongodb.client.model.Filters;
import io.contactsplatform.dncservice.dnc.DncBulkCheck.Match;
import io.contactsplatform.dncservice.dnc.DncBulkCheck.Result;
import io.contactsplatform.dncservice.dnc.DncEntry.Scope;
import io.contactsplatform.dncservice.dnc.DncEntry.Source;
import io.contactsplatform.dncservice.dnc.DncEntry.State;
import io.contactsplatform.support.phone.PhoneNumbers;
import io.contactsplatform.support.contact.ContactLimits;
import io.contactsplatform.support.web.ApiException;
import io.contactsplatform.support.web.CursorPage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bson.conversions.Bson;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The read side of the API: entry listing with filters and cursor paging, the bulk check, the
 * audit trail. Always within the caller's workspace.
 */
@Service
class DncQueries {

  static final int MAX_CHECK_PHONES = 50_000;
  private static final int CHECK_CHUNK = 2_000;

  private final DncStore store;
  private final DncUpdates updates;

  DncQueries(DncStore store, DncUpdates updates) {
    this.store = store;
    this.updates = updates;
  }

  Instant now() {
    return updates.now();
  }

  /** Filters of {@code GET /v1/dnc}; null members match anything. */
  record EntryFilter(Source source, Scope scope, String campaignId, State state) {

    static EntryFilter of(String source, String scope, String campaignId, String state) {
      return new EntryFilter(param("source", Source.class, source), param("scope", Scope.class, scope),
          campaignParam(campaignId), param("state", State.class, state));
    }

    boolean matches(DncEntry e, Instant now) {
      return (source == null || e.source() == source) && (scope == null || e.scope() == scope)
          && (campaignId == null || campaignId.equals(e.campaignId())) && (state == null || e.state(now) == state);
    }

    /** The part of the filter the store can apply (state depends on the time; it is applied here). */
    Bson storeFilter() {
      List<Bson> parts = new ArrayList<>();
      if (source != null) {
        parts.add(Filters.eq("source", source.name()));
      }
      if (scope != null) {
        parts.add(Filters.eq("scope", scope.name()));
      }
      if (campaignId != null) {
        parts.add(Filters.eq("campaignId", campaignId));
      }
      return parts.isEmpty() ? null : Filters.and(parts);
    }

    private static <E extends Enum<E>> E param(String name, Class<E> type, String value) {
      if (value == null || value.isBlank()) {
        return null;
      }
      try {
        return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(name + ": must be one of " + Arrays.toString(type.getEnumConstants())
            + " (case-insensitive)");
      }
    }
  }

  /**
   * One page of the workspace's entries matching {@code filter}, ordered by number then by the
   * order entries were added. The cursor names the last entry returned ({@code numberKey#index}).
   */
  Mono<CursorPage<DncEntryView>> list(String workspaceId, String phoneE164, EntryFilter filter, String cursor,
                                      int pageSize) {
    Instant now = updates.now();
    String after = CursorPage.decodeCursor(cursor);
    String afterKey = null;
    int afterIndex = -1;
    if (after != null) {
      int hash = after.lastIndexOf('#');
      if (hash < 0 || !after.startsWith(workspaceId + "|")) {
        throw CursorPage.invalidCursor();
      }
      afterKey = after.substring(0, hash);
      try {
        afterIndex = Integer.parseInt(after.substring(hash + 1));
      } catch (NumberFormatException e) {
        throw CursorPage.invalidCursor();
      }
    }
    String fromKey = afterKey;
    int fromIndex = afterIndex;
    Flux<DncNumber> numbers = phoneE164 != null
        ? store.find(workspaceId, phoneE164).flux().filter(n -> fromKey == null || n.key().compareTo(fromKey) >= 0)
        : store.numbers(workspaceId, fromKey, filter.storeFilter());
    return numbers
        .concatMapIterable(n -> {
          List<Item> items = new ArrayList<>();
          for (int i = 0; i < n.entries().size(); i++) {
            boolean seen = n.key().equals(fromKey) && i <= fromIndex;
            if (!seen && filter.matches(n.entries().get(i), now)) {
              items.add(new Item(n.key() + "#" + i, DncEntryView.of(n.entries().get(i), n.phoneE164(), now)));
            }
          }
          return items;
        })
        .take(pageSize + 1L)
        .collectList()
        .map(items -> items.size() > pageSize
            ? new CursorPage<>(items.subList(0, pageSize).stream().map(Item::view).toList(),
                CursorPage.encodeCursor(items.get(pageSize - 1).position()))
            : new CursorPage<>(items.stream().map(Item::view).toList(), null));
  }

  private record Item(String position, DncEntryView view) {
  }

  /**
   * Checks up to {@value #MAX_CHECK_PHONES} numbers: parsing runs on the parallel scheduler in
   * chunks of {@value #CHECK_CHUNK}, each looked up by {@code _id} ({@link DncStore#findAll});
   * answers in request order.
   */
  Mono<DncBulkCheck.Response> check(String workspaceId, DncBulkCheck.Request request) {
    return Mono.defer(() -> {
      if (request == null || request.phones() == null) {
        throw ApiException.unprocessable("phones: required (an array of up to " + MAX_CHECK_PHONES + " numbers)");
      }
      if (request.phones().size() > MAX_CHECK_PHONES) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
            "phones: at most " + MAX_CHECK_PHONES + " numbers per check, got " + request.phones().size());
        throw new ErrorResponseException(HttpStatus.CONTENT_TOO_LARGE, problem, null);
      }
      String region = PhoneInput.region(request.defaultRegion());
      String campaign = campaignParam(request.campaignId());
      for (int i = 0; i < request.phones().size(); i++) {
        String tooLong = ContactLimits.tooLong("phones[" + i + "]", request.phones().get(i), ContactLimits.PHONE);
        if (tooLong != null) {
          throw ApiException.badRequest(tooLong);
        }
      }
      Instant now = updates.now();
      List<List<String>> chunks = DncStore.chunks(request.phones(), CHECK_CHUNK);
      return Flux.fromIterable(chunks)
          .flatMapSequential(chunk -> Mono.fromCallable(() -> parse(chunk, region))
              .subscribeOn(Schedulers.parallel())
              .flatMap(parsed -> store.findAll(workspaceId, parsed.stream().filter(p -> p != null).toList())
                  .map(found -> answers(chunk, parsed, found, campaign, region, now))), 4)
          .concatMapIterable(results -> results)
          .collectList()
          .map(results -> new DncBulkCheck.Response(campaign, now, results.size(),
              (int) results.stream().filter(r -> Boolean.TRUE.equals(r.blocked())).count(),
              (int) results.stream().filter(r -> !r.valid()).count(), results));
    });
  }

  private static List<String> parse(List<String> inputs, String region) {
    List<String> parsed = new ArrayList<>(inputs.size());
    for (String input : inputs) {
      parsed.add(PhoneNumbers.e164OrNull(input, region));
    }
    return parsed;
  }

  private static List<Result> answers(List<String> inputs, List<String> parsed, Map<String, DncNumber> found,
                                      String campaign, String region, Instant now) {
    List<Result> results = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      String e164 = parsed.get(i);
      if (e164 == null) {
        results.add(new Result(inputs.get(i), null, false, null, List.of(),
            inputs.get(i) == null || inputs.get(i).isBlank() ? "empty"
                : "not a valid phone number (defaultRegion " + region + ")"));
        continue;
      }
      DncNumber number = found.get(e164);
      List<Match> matches = number == null ? List.of()
          : number.matching(campaign, now).stream().map(Match::of).toList();
      results.add(new Result(inputs.get(i), e164, true, !matches.isEmpty(), matches, null));
    }
    return results;
  }

  /**
   * A campaign id given to look entries up with (query or check body): trimmed, null when blank, 400
   * naming {@code campaignId} when longer than any stored one ({@link EntrySpec#MAX_TEXT}).
   */
  static String campaignParam(String campaignId) {
    String campaign = EntrySpec.blankToNull(campaignId);
    String tooLong = campaign == null ? null : ContactLimits.tooLong("campaignId", campaign, EntrySpec.MAX_TEXT);
    if (tooLong != null) {
      throw ApiException.badRequest(tooLong);
    }
    return campaign == null ? null : campaign.trim();
  }

  /** One page of the number's audit trail, newest first; a cursor is an audit record id of this number. */
  Mono<CursorPage<DncAuditView>> audit(String workspaceId, String phoneE164, String cursor, int pageSize) {
    String prefix = DncAuditRecord.prefix(workspaceId, phoneE164);
    return store.audit(workspaceId, phoneE164, CursorPage.decodeCursor(cursor, id -> id.startsWith(prefix) ? id : null),
            pageSize + 1)
        .collectList()
        .map(records -> records.size() > pageSize
            ? new CursorPage<>(records.subList(0, pageSize).stream().map(DncAuditView::of).toList(),
                CursorPage.encodeCursor(records.get(pageSize - 1).id()))
            : new CursorPage<>(records.stream().map(DncAuditView::of).toList(), null));
  }

  /** The legacy single check: whether {@code phoneE164} is blocked for {@code campaignId}. */
  Mono<DncCheckView> checkOne(String workspaceId, String phoneE164, String campaignId) {
    String campaign = campaignParam(campaignId);
    Instant now = updates.now();
    return store.find(workspaceId, phoneE164)
        .defaultIfEmpty(DncNumber.empty(workspaceId, phoneE164))
        .map(number -> new DncCheckView(phoneE164, campaign, number.blockedFor(campaign, now),
            number.matching(campaign, now).stream().map(e -> DncEntryView.of(e, phoneE164, now)).toList()));
  }
}
