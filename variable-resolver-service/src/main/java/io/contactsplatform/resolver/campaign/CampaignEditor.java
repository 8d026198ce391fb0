package io.contactsplatform.resolver.campaign;

import io.contactsplatform.support.web.ApiException;
import io.contactsplatform.support.web.CursorPage;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.core.JacksonException;
import io.contactsplatform.support.web.StrictJson;
import tools.jackson.databind.json.JsonMapper;

/**
 * Versioned edits of campaign configs: every save (replace, merge patch, restore) makes version
 * n+1 of the config at version n, with optimistic concurrency. An edit based on a version
 * ({@code If-Match} or a {@code version} member) is refused with 409 naming the current version
 * when another save came first; an edit without one applies to whatever is current (a replace
 * then reports what it dropped; a patch only touches the members it names) and is retried when it
 * loses a race. Version 0 as the base means "create only".
 *
 * <p>Write order, without transactions: (1) make sure the current head's version document exists
 * (idempotent, repairs a crash of an earlier save between its two writes), (2) compare-and-set the
 * head from n to n+1 (the only point where saves race; the loser writes nothing), (3) write version
 * n+1's document ({@code $setOnInsert}). Every version document therefore holds committed content
 * only, and a missing one can only be the head's own, which reads fall back to.
 */
@Component
class CampaignEditor {

  /** {@code If-Match: *}: any existing version. */
  static final long ANY_VERSION = -1;
  static final String DEFAULT_ACTOR = "api";
  static final int MAX_ACTOR_LENGTH = 200;
  private static final int ATTEMPTS = 10;

  private final CampaignStore heads;
  private final CampaignVersionStore versions;
  private final CustomFieldCatalog customFields;
  private final Clock clock;
  private final JsonMapper json;

  CampaignEditor(CampaignStore heads, CampaignVersionStore versions, CustomFieldCatalog customFields, Clock clock,
                 JsonMapper json) {
    this.heads = heads;
    this.versions = versions;
    this.customFields = customFields;
    this.clock = clock;
    // the patched config is read like a request body: unknown members and wrong types are refused
    this.json = StrictJson.strict(json);
  }

  /** A saved version and, for an unversioned replace of an existing config, what it dropped. */
  record Saved(VersionedConfig config, CampaignConfigView.Dropped dropped) {

    CampaignConfigView view() {
      List<String> warnings = dropped == null || dropped.isEmpty() ? null : warnings(dropped);
      return CampaignConfigView.of(config, dropped, warnings);
    }
  }

  /** What one attempt of an edit makes of the current head. */
  private record Edit(CampaignConfig config, String summaryPrefix, CampaignConfigView.Dropped dropped) {
  }

  /** Thrown when a save without a base version loses the compare-and-set: try again on the new head. */
  private static final class LostRace extends RuntimeException {
    LostRace() {
      super(null, null, false, false);
    }
  }

  // ------------------------------------------------------------------ writes

  /** PUT: replaces the whole config. */
  Mono<Saved> replace(String workspaceId, String campaignId, String authorization, CampaignConfigRequest request,
                      CampaignConfigRules.Defaults defaults, Long expected, String actor) {
    CampaignConfigRules.checkCampaignId(campaignId);
    return commit(workspaceId, campaignId, expected, actor, head -> {
      CampaignConfig config = CampaignConfigRules.toConfig(workspaceId, campaignId, request, now(), defaults);
      CampaignConfigView.Dropped dropped = head == null || (expected != null && expected != ANY_VERSION) ? null
          : dropped(head, request, config);
      return checkCustomFields(config, authorization).thenReturn(new Edit(config, null, dropped));
    });
  }

  /** PATCH: a merge patch ({@link CampaignPatch}) on the current config; 404 when there is none. */
  Mono<Saved> patch(String workspaceId, String campaignId, String authorization, Map<String, Object> patch,
                    CampaignConfigRules.Defaults defaults, Long expected, String actor) {
    return commit(workspaceId, campaignId, expected, actor, head -> {
      if (head == null) {
        throw ApiException.notFound("campaign " + campaignId + " has no configuration (create it with PUT)");
      }
      CampaignConfig current = head.config();
      Map<String, Object> merged = CampaignPatch.apply(current, patch);
      CampaignPatch.READ_ONLY.forEach(merged::remove);
      CampaignConfigRequest request;
      try {
        request = json.convertValue(merged, CampaignConfigRequest.class);
      } catch (JacksonException e) {
        throw ApiException.badRequest(StrictJson.describe(e));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("patch: the patched config is not a config (" + e.getMessage() + ")");
      }
      CampaignConfigRules.Defaults windowDefaults = new CampaignConfigRules.Defaults(
          patch.containsKey("callingWindow") ? defaults.window() : current.callingWindow(),
          defaults.windowStart(), defaults.windowEnd(), defaults.missingRequired());
      CampaignConfig config = CampaignConfigRules.toConfig(workspaceId, campaignId, request, now(), windowDefaults);
      return checkCustomFields(config, authorization).thenReturn(new Edit(config, null, null));
    });
  }

  /** Restore: a new version equal to version {@code n}; 404 when there is no such version. */
  Mono<Saved> restore(String workspaceId, String campaignId, long n, Long expected, String actor) {
    return commit(workspaceId, campaignId, expected, actor, head -> {
      if (head == null) {
        throw ApiException.notFound("campaign " + campaignId + " has no configuration");
      }
      return configAt(head, n).map(old -> {
        CampaignConfig c = old.config();
        CampaignConfig copy = new CampaignConfig(c.workspaceId(), c.campaignId(), c.allowUnknownContacts(),
            c.staticVariables(), c.variables(), c.callingWindow(), c.fallbackTimezone(), c.missingRequired(), now());
        return new Edit(copy, "restored version " + n, null);
      });
    });
  }

  private Mono<Saved> commit(String workspaceId, String campaignId, Long expected, String actor,
                             Function<VersionedConfig, Mono<Edit>> edit) {
    String who = actor(actor);
    return Mono.defer(() -> attempt(workspaceId, campaignId, expected, who, edit))
        .retryWhen(Retry.max(ATTEMPTS).filter(LostRace.class::isInstance)
            .onRetryExhaustedThrow((spec, signal) -> ApiException.conflict("campaign " + campaignId
                + " is being changed by others right now; try again", Map.of())));
  }

  /** One read-edit-write round; fails with {@link LostRace} when an unconditional save lost the compare-and-set. */
  private Mono<Saved> attempt(String workspaceId, String campaignId, Long expected, String who,
                              Function<VersionedConfig, Mono<Edit>> edit) {
    return heads.head(workspaceId, campaignId).map(Optional::of).defaultIfEmpty(Optional.empty())
        .flatMap(found -> {
          VersionedConfig head = found.orElse(null);
          checkBase(campaignId, expected, head);
          return Mono.defer(() -> edit.apply(head)).flatMap(e -> {
            long next = head == null ? 1 : head.version() + 1;
            CampaignConfig before = head == null ? null : head.config();
            String changes = ConfigDiff.between(before, next - 1, e.config(), next).summary(head == null);
            String summary = e.summaryPrefix() == null ? changes : e.summaryPrefix() + " (" + changes + ")";
            VersionedConfig saved = new VersionedConfig(e.config(), next, who, summary);
            Mono<Void> recordHead = head == null ? Mono.empty() : versions.record(head);
            return recordHead.then(heads.compareAndSet(head, saved)).flatMap(won -> {
              if (!won) {
                return expected == null || expected == ANY_VERSION ? Mono.error(new LostRace())
                    : heads.head(workspaceId, campaignId).map(Optional::of).defaultIfEmpty(Optional.empty())
                        .flatMap(now -> Mono.error(conflict(campaignId, expected, now.orElse(null))));
              }
              return versions.record(saved).thenReturn(new Saved(saved, e.dropped()));
            });
          });
        });
  }

  private static void checkBase(String campaignId, Long expected, VersionedConfig head) {
    if (expected == null) {
      return;
    }
    boolean ok = expected == ANY_VERSION ? head != null
        : expected == 0 ? head == null
        : head != null && head.version() == expected;
    if (!ok) {
      throw conflict(campaignId, expected, head);
    }
  }

  static ApiException conflict(String campaignId, long expected, VersionedConfig head) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("campaignId", campaignId);
    properties.put("currentVersion", head == null ? 0 : head.version());
    properties.put("basedOnVersion", expected == ANY_VERSION ? "*" : expected);
    if (head != null) {
      properties.put("updatedAt", head.config().updatedAt().toString());
      properties.put("updatedBy", head.actor());
    }
    String based = expected == ANY_VERSION ? "an existing configuration" : expected == 0
        ? "no configuration (create only)" : "version " + expected;
    String detail = head == null
        ? "campaign " + campaignId + " has no configuration yet (version 0); this change was based on " + based
        : "campaign " + campaignId + " is at version " + head.version() + " (saved by " + head.actor() + " at "
            + head.config().updatedAt() + "); this change was based on " + based
            + ": load version " + head.version() + ", reapply the change and save with If-Match: \""
            + head.version() + "\"";
    return ApiException.conflict(detail, properties);
  }

  // ------------------------------------------------------------------ reads

  /** The current version, read from the store (not the call path's memory). */
  Mono<VersionedConfig> current(String workspaceId, String campaignId) {
    return heads.head(workspaceId, campaignId)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("campaign " + campaignId + " has no configuration")));
  }

  /** Version {@code n}; 404 when none. */
  Mono<VersionedConfig> version(String workspaceId, String campaignId, long n) {
    return current(workspaceId, campaignId).flatMap(head -> configAt(head, n));
  }

  /** One page of the history, newest first; the cursor stands for the last version returned. */
  Mono<CursorPage<VersionEntry>> history(String workspaceId, String campaignId, String cursor, Integer pageSize) {
    int size = CursorPage.pageSize(pageSize);
    Long before = CursorPage.decodeCursor(cursor, Long::valueOf);
    return current(workspaceId, campaignId)
        .flatMap(head -> versions.record(head).then(
            versions.list(workspaceId, campaignId, before, size + 1).map(VersionEntry::of).collectList()))
        .map(entries -> page(entries, size, e -> String.valueOf(e.version())));
  }

  /** The changes from version {@code against} (default {@code n - 1}; 0 = nothing) to version {@code n}. */
  Mono<ConfigDiff> diff(String workspaceId, String campaignId, long n, Long against) {
    long from = against == null ? Math.max(0, n - 1) : against;
    return current(workspaceId, campaignId).flatMap(head -> configAt(head, n).flatMap(to -> (from == 0
        ? Mono.just(Optional.<CampaignConfig>empty())
        : configAt(head, from).map(v -> Optional.of(v.config())))
        .map(old -> ConfigDiff.between(old.orElse(null), from, to.config(), n))));
  }

  /** One page of the workspace's campaigns, by id. */
  Mono<CursorPage<CampaignSummary>> campaigns(String workspaceId, String cursor, Integer pageSize) {
    int size = CursorPage.pageSize(pageSize);
    return heads.list(workspaceId, CursorPage.decodeCursor(cursor,
            id -> CampaignConfigRules.isCampaignId(id) ? id : null), size + 1).map(CampaignSummary::of).collectList()
        .map(items -> page(items, size, CampaignSummary::campaignId));
  }

  /** Version {@code n} of the campaign whose head is {@code head}: the head itself, else its stored document. */
  private Mono<VersionedConfig> configAt(VersionedConfig head, long n) {
    String campaignId = head.config().campaignId();
    if (n < 1 || n > head.version()) {
      return Mono.error(ApiException.notFound("campaign " + campaignId + " has versions 1 to " + head.version()
          + ", not " + n));
    }
    if (n == head.version()) {
      return Mono.just(head);
    }
    return versions.find(head.config().workspaceId(), campaignId, n)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("campaign " + campaignId + " has no stored version "
            + n + " (saved before versions were kept)")));
  }

  // ------------------------------------------------------------------ helpers

  /** Versions listing entry. */
  record VersionEntry(long version, Instant savedAt, String actor, String summary) {
    static VersionEntry of(VersionedConfig v) {
      return new VersionEntry(v.version(), v.config().updatedAt(), v.actor(), v.summary());
    }
  }

  /** Campaign listing entry. */
  record CampaignSummary(String campaignId, long version, Instant updatedAt, String updatedBy, int variableCount,
                         int staticVariableCount) {
    static CampaignSummary of(VersionedConfig v) {
      CampaignConfig c = v.config();
      return new CampaignSummary(c.campaignId(), v.version(), c.updatedAt(), v.actor(), c.variables().size(),
          c.staticVariables().size());
    }
  }

  private static <T> CursorPage<T> page(List<T> items, int size, Function<T, String> id) {
    if (items.size() <= size) {
      return new CursorPage<>(items, null);
    }
    List<T> page = items.subList(0, size);
    return new CursorPage<>(List.copyOf(page), CursorPage.encodeCursor(id.apply(page.get(size - 1))));
  }

  /**
   * What replacing {@code head} with {@code after} (made from {@code request}) loses: variables and
   * static variables no longer there, and settings the request left out whose value changed to the default.
   */
  static CampaignConfigView.Dropped dropped(VersionedConfig head, CampaignConfigRequest request, CampaignConfig after) {
    CampaignConfig before = head.config();
    Set<String> names = new java.util.HashSet<>();
    after.variables().forEach(v -> names.add(v.name()));
    List<String> variables = before.variables().stream().map(VariableDefinition::name)
        .filter(n -> !names.contains(n)).toList();
    List<String> statics = before.staticVariables().keySet().stream()
        .filter(n -> !after.staticVariables().containsKey(n)).toList();
    List<String> settings = new ArrayList<>();
    if (request.callingWindow() == null && !Objects.equals(before.callingWindow(), after.callingWindow())) {
      settings.add("callingWindow");
    }
    if (request.fallbackTimezone() == null && before.fallbackTimezone() != null) {
      settings.add("fallbackTimezone");
    }
    if (request.allowUnknownContacts() == null && before.allowUnknownContacts() != after.allowUnknownContacts()) {
      settings.add("allowUnknownContacts");
    }
    if (request.missingRequired() == null && before.missingRequired() != after.missingRequired()) {
      settings.add("missingRequired");
    }
    return new CampaignConfigView.Dropped(head.version(), variables, statics, settings);
  }

  private static List<String> warnings(CampaignConfigView.Dropped dropped) {
    List<String> warnings = new ArrayList<>();
    String base = "saved without If-Match or version: replaced version " + dropped.basedOnVersion() + " as a whole";
    if (!dropped.variables().isEmpty()) {
      warnings.add(base + "; variables no longer declared: " + String.join(", ", dropped.variables()));
    }
    if (!dropped.staticVariables().isEmpty()) {
      warnings.add(base + "; static variables removed: " + String.join(", ", dropped.staticVariables()));
    }
    if (!dropped.settings().isEmpty()) {
      warnings.add(base + "; left out, so reset to the default: " + String.join(", ", dropped.settings()));
    }
    return warnings;
  }

  private Mono<Void> checkCustomFields(CampaignConfig config, String authorization) {
    Set<String> used = config.customFieldKeys();
    if (used.isEmpty()) {
      return Mono.empty();
    }
    return customFields.keys(authorization).doOnNext(known -> {
      for (VariableDefinition v : config.variables()) {
        Binding b = v.binding();
        if (b != null && b.kind() == Binding.Kind.CUSTOM_FIELD && !known.contains(b.key())) {
          throw ApiException.unprocessable("variables[" + v.name() + "].binding: unknown custom field '" + b.key()
              + "' (this workspace defines " + (known.isEmpty() ? "none" : String.join(", ", new TreeSet<>(known)))
              + ")");
        }
      }
    }).then();
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /** The actor named by the caller, else {@value #DEFAULT_ACTOR}; 422 when longer than {@value #MAX_ACTOR_LENGTH}. */
  static String actor(String requested) {
    if (requested == null || requested.isBlank()) {
      return DEFAULT_ACTOR;
    }
    if (requested.length() > MAX_ACTOR_LENGTH) {
      throw ApiException.unprocessable("actor: at most " + MAX_ACTOR_LENGTH + " characters");
    }
    return requested.trim();
  }

  /**
   * The version an edit is based on, from {@code If-Match} ({@code "3"}, {@code W/"3"}, {@code 3} or
   * {@code *}) and/or a {@code version} member; null when neither. 400 when malformed or when both
   * are given and differ.
   */
  static Long expectedVersion(String ifMatch, Long bodyVersion) {
    Long header = null;
    if (ifMatch != null && !ifMatch.isBlank()) {
      String tag = ifMatch.trim();
      if ("*".equals(tag)) {
        header = ANY_VERSION;
      } else {
        if (tag.startsWith("W/")) {
          tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
          tag = tag.substring(1, tag.length() - 1);
        }
        try {
          header = Long.parseLong(tag);
        } catch (NumberFormatException e) {
          throw ApiException.badRequest("If-Match: the ETag of a version, e.g. \"3\" (or *), expected; got " + ifMatch);
        }
        if (header < 0) {
          throw ApiException.badRequest("If-Match: a version is 0 or more");
        }
      }
    }
    if (bodyVersion != null && bodyVersion < 0) {
      throw ApiException.badRequest("version: 0 or more");
    }
    if (header != null && bodyVersion != null && !header.equals(bodyVersion)) {
      throw ApiException.badRequest("If-Match (" + ifMatch + ") and version (" + bodyVersion + ") disagree");
    }
    return header != null ? header : bodyVersion;
  }
}
