package io.contactsplatform.dncservice.dnc;

import io.contactsplatform.dncservice.dnc.DncEntry.Scope;
import io.contactsplatform.dncservice.dnc.DncEntry.Source;
import io.contactsplatform.support.auth.Workspace;
import io.contactsplatform.support.ids.TimeOrderedIds;
import io.contactsplatform.support.web.ApiException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Operator requests through the API: validates them (422 naming the field; 400 for a removal
 * without a reason) and applies them through {@link DncUpdates}. Entries of other workspaces are
 * never found (404).
 */
@Service
class DncRequests {

  private final DncUpdates updates;
  private final DncStore store;
  private final DncEntryIds entryIds;

  DncRequests(DncUpdates updates, DncStore store, DncEntryIds entryIds) {
    this.updates = updates;
    this.store = store;
    this.entryIds = entryIds;
  }

  /** The entry a request added, found or removed, and whether the request changed it. */
  record EntryResult(String phoneE164, DncEntry entry, boolean changed) {
  }

  /**
   * The added entry, or the identical active one that already existed ({@code changed} false). The
   * entry's actor is the caller's key name ({@code actor} in the body is ignored).
   */
  Mono<EntryResult> add(Workspace caller, NewDncEntry request) {
    String workspaceId = caller.id();
    return Mono.defer(() -> {
      String e164 = PhoneInput.fromBody(request.phone(), request.defaultRegion());
      Scope scope = enumOf("scope", Scope.class, request.scope());
      if (scope == null && EntrySpec.blankToNull(request.campaignId()) != null) {
        scope = Scope.CAMPAIGN;
      }
      Scope chosen = scope;
      EntrySpec spec = unprocessable(() -> EntrySpec.of(chosen, request.campaignId(),
          enumOf("source", Source.class, request.source()), request.reason(),
          caller.actor(), instantOf("expiresAt", request.expiresAt()),
          updates.now()));
      return updates.apply(workspaceId, e164, null,
              (number, now) -> number.add(spec, TimeOrderedIds.next(), null, now))
          .onErrorMap(DncRuleViolation.class, e -> ApiException.unprocessable(e.getMessage()))
          .map(change -> new EntryResult(e164, change.affected().get(0), change.changed()));
    });
  }

  /** The entry with this id in this workspace, with its number. */
  Mono<EntryResult> find(String workspaceId, String entryId, String phoneHint, String defaultRegion) {
    return locate(workspaceId, entryId, phoneHint, defaultRegion)
        .flatMap(phone -> store.find(workspaceId, phone)
            .flatMap(number -> Mono.justOrEmpty(number.entry(entryId)))
            .map(entry -> new EntryResult(phone, entry, false)))
        .switchIfEmpty(Mono.error(() -> notFound(entryId)));
  }

  /**
   * Soft-removes one entry (also an expired one); removing a removed entry returns it unchanged.
   * NATIONAL_REGISTRY and CALL_OPT_OUT entries need {@code override} (422 naming it otherwise). The
   * removal's actor is the caller's key name.
   *
   * @param phoneHint the entry's number, optional: only needed for entries recorded before the
   *                  entry-id index existed
   */
  Mono<EntryResult> remove(Workspace caller, String entryId, String reason, boolean override,
                           String phoneHint, String defaultRegion) {
    String workspaceId = caller.id();
    return Mono.defer(() -> {
      if (EntrySpec.blankToNull(reason) == null) {
        throw ApiException.badRequest("reason: required (why the entry is removed)");
      }
      Removal removal = unprocessable(() -> Removal.of(caller.actor(), reason, override));
      return locate(workspaceId, entryId, phoneHint, defaultRegion)
          .switchIfEmpty(Mono.error(() -> notFound(entryId)))
          .flatMap(e164 -> updates.apply(workspaceId, e164, null,
                  (number, now) -> number.removeEntry(entryId, removal, null, now))
              .onErrorMap(NoSuchElementException.class, e -> notFound(entryId))
              .onErrorMap(DncRuleViolation.class, e -> ApiException.unprocessable(e.getMessage()))
              .map(change -> new EntryResult(e164, change.affected().get(0), change.changed())));
    });
  }

  private Mono<String> locate(String workspaceId, String entryId, String phoneHint, String defaultRegion) {
    Mono<String> byId = entryIds.find(workspaceId, entryId).map(DncEntryIds.Location::phoneE164);
    if (phoneHint == null || phoneHint.isBlank()) {
      PhoneInput.region(defaultRegion); // given without a number it must still be a region (422)
      return byId;
    }
    String hinted = PhoneInput.fromQuery(phoneHint, defaultRegion);
    return byId.defaultIfEmpty(hinted);
  }

  private static ApiException notFound(String entryId) {
    return ApiException.notFound("entry " + entryId + " not found");
  }

  static <T> T unprocessable(java.util.function.Supplier<T> validation) {
    try {
      return validation.get();
    } catch (DncRuleViolation e) {
      throw ApiException.unprocessable(e.getMessage());
    }
  }

  static <E extends Enum<E>> E enumOf(String field, Class<E> type, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.unprocessable(field + ": must be one of " + Arrays.toString(type.getEnumConstants()));
    }
  }

  static Instant instantOf(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.trim()).toInstant().truncatedTo(ChronoUnit.MILLIS);
    } catch (DateTimeParseException e) {
      throw ApiException.unprocessable(field + ": not an ISO-8601 timestamp with offset, e.g. 2027-01-31T00:00:00Z");
    }
  }
}
