package io.contactsplatform.dncservice.dnc;

import io.contactsplatform.dncservice.dnc.DncEntry.Scope;
import io.contactsplatform.dncservice.dnc.DncEntry.Source;
import io.contactsplatform.support.web.ApiException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Operator requests through the API: validates them (422 naming the field) and applies them
 * through {@link DncUpdates}. Entries of other workspaces are never found (404).
 */
@Service
class DncRequests {

  static final String DEFAULT_ACTOR = "api";

  private final DncUpdates updates;

  DncRequests(DncUpdates updates) {
    this.updates = updates;
  }

  /** The entry a request added, found or removed, and whether the request changed it. */
  record EntryResult(String phoneE164, DncEntry entry, boolean changed) {
  }

  /** The added entry, or the identical active one that already existed ({@code changed} false). */
  Mono<EntryResult> add(String workspaceId, NewDncEntry request) {
    String e164 = PhoneInput.fromBody(request.phone(), request.defaultRegion());
    EntrySpec spec = unprocessable(() -> EntrySpec.of(enumOf("scope", Scope.class, request.scope()),
        request.campaignId(), enumOf("source", Source.class, request.source()), request.reason(),
        request.actor() == null ? DEFAULT_ACTOR : request.actor(), instantOf("expiresAt", request.expiresAt()),
        Instant.now()));
    return updates.apply(workspaceId, e164, null,
            (number, now) -> number.add(spec, UUID.randomUUID().toString(), null, now))
        .onErrorMap(DncRuleViolation.class, e -> ApiException.unprocessable(e.getMessage()))
        .map(change -> new EntryResult(e164, change.affected().get(0), change.changed()));
  }

  /** The removed entry; removing an entry that is removed already returns it unchanged. */
  Mono<EntryResult> remove(String workspaceId, String phone, String defaultRegion, String entryId, String reason,
                        String actor) {
    Removal removal = unprocessable(() -> Removal.of(actor, reason));
    if (phone == null || phone.isBlank()) {
      return Mono.error(ApiException.badRequest("phone: required query parameter (the entry's number)"));
    }
    String e164 = PhoneInput.fromQuery(phone, defaultRegion);
    return updates.apply(workspaceId, e164, null, (number, now) -> number.removeEntry(entryId, removal, null, now))
        .onErrorMap(NoSuchElementException.class,
            e -> ApiException.notFound("entry " + entryId + " not found for this phone"))
        .map(change -> new EntryResult(e164, change.affected().get(0), change.changed()));
  }

  private static <T> T unprocessable(java.util.function.Supplier<T> validation) {
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
