package io.contactsplatform.contactservice.bulk;

import io.contactsplatform.contactservice.contact.Contact;
import io.contactsplatform.contactservice.contact.ContactPatch;
import io.contactsplatform.contactservice.contact.ContactStore;
import io.contactsplatform.contactservice.contact.ContactWrites;
import io.contactsplatform.contactservice.customfield.CustomFieldStore;
import io.contactsplatform.contactservice.history.ChangeOrigin;
import io.contactsplatform.contactservice.search.ContactSearch;
import io.contactsplatform.contactservice.segment.SegmentStore;
import io.contactsplatform.contactservice.segment.Segments;
import io.contactsplatform.events.dnc.command.DncAction;
import io.contactsplatform.events.dnc.command.DncCommand;
import io.contactsplatform.events.dnc.command.DncScope;
import io.contactsplatform.events.dnc.command.DncSource;
import io.contactsplatform.schemas.Topics;
import io.contactsplatform.support.contact.ContactLimits;
import io.contactsplatform.support.kafka.EventPublisher;
import io.contactsplatform.support.lease.LeaseLostException;
import io.contactsplatform.support.lease.Leases;
import io.contactsplatform.support.auth.Workspace;
import io.contactsplatform.support.ids.TimeOrderedIds;
import io.contactsplatform.support.web.ApiException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Bulk actions on contacts: ADD_TAGS, REMOVE_TAGS, SET_FIELDS, ARCHIVE, ERASE, ADD_TO_DNC,
 * REMOVE_FROM_DNC on a selection of explicit ids, a filter plus search, or a segment. A request
 * is validated at once (400/422) and answered with a QUEUED job; the job then freezes its
 * selection (a filter or segment applies to the contacts matched when the job starts) and works
 * through it chunk by chunk, recording counts after each chunk, so a restart resumes where it
 * stopped. Contact changes publish contact-changes as any write does; DNC actions publish one
 * {@code dnc-commands} event per selected contact's number with the actor and reason (removal
 * needs a reason), with an event id derived from job and contact so a resumed chunk repeats it.
 *
 * <p>Ownership: a job runs under the lease {@code bulk:<id>} ({@link Leases}), taken before the
 * job is stored and renewed while it runs; only the owner writes the job's counters (each chunk
 * checks the lease before it is applied and before its counts are saved). At startup and every
 * {@code platform.lease.scan-every} an instance takes over the unfinished jobs whose lease expired
 * (owner dead) and resumes them from {@code nextChunk}; a job whose owner is alive is never taken.
 * A chunk applied but not counted when its owner died is applied again (tags, fields, archive and
 * erase are idempotent, DNC commands repeat their event ids).
 */
@Service
class BulkActions {

  private static final Logger log = LoggerFactory.getLogger(BulkActions.class);
  private static final Set<String> ACTIONS = Set.of("ADD_TAGS", "REMOVE_TAGS", "SET_FIELDS", "ARCHIVE", "ERASE",
      "ADD_TO_DNC", "REMOVE_FROM_DNC");
  private static final int MAX_IDS = 10_000;
  private static final int MAX_ERRORS = 20;
  /** Longest actor, reason or campaign id: what dnc-service accepts on a DNC entry. */
  private static final int MAX_DNC_TEXT = 1000;
  private static final int CONCURRENCY = 8;
  static final String SOURCE = "contact-service";

  private final BulkStore store;
  private final ContactStore contacts;
  private final ContactWrites writes;
  private final ContactSearch search;
  private final Segments segments;
  private final SegmentStore segmentStore;
  private final CustomFieldStore customFields;
  private final EventPublisher publisher;
  private final Leases leases;
  private final AtomicBoolean scanning = new AtomicBoolean();

  BulkActions(BulkStore store, ContactStore contacts, ContactWrites writes, ContactSearch search, Segments segments,
              SegmentStore segmentStore, CustomFieldStore customFields, EventPublisher publisher, Leases leases) {
    this.leases = leases;
    this.store = store;
    this.contacts = contacts;
    this.writes = writes;
    this.search = search;
    this.segments = segments;
    this.segmentStore = segmentStore;
    this.customFields = customFields;
    this.publisher = publisher;
  }

  /**
   * Body of {@code POST /v1/contacts/bulk}. {@code actor} is accepted for older clients and ignored:
   * the job's actor is the name of the API key that submits it.
   */
  @Schema(name = "BulkActionRequest")
  record BulkRequest(Map<String, Object> selection, String action, Map<String, Object> params,
                     @Schema(deprecated = true, description = "Ignored: the actor is the API key's name") String actor) {
  }

  /** Validates and queues a job; it starts at once in the background, acting as the caller's key. */
  Mono<BulkJob> submit(Workspace caller, BulkRequest request) {
    String workspaceId = caller.id();
    String action = request.action() == null ? null : request.action().trim().toUpperCase(Locale.ROOT);
    if (action == null || !ACTIONS.contains(action)) {
      return Mono.error(ApiException.badRequest("action: must be one of " + ACTIONS.stream().sorted().toList()));
    }
    Map<String, Object> params = request.params() == null ? Map.of() : request.params();
    String actor = caller.actor();
    String actorTooLong = ContactLimits.tooLong("actor", actor, MAX_DNC_TEXT);
    if (actorTooLong != null) {
      return Mono.error(ApiException.unprocessable(actorTooLong));
    }
    return selection(workspaceId, request.selection())
        .zipWith(customFields.definitions(workspaceId))
        .flatMap(t -> {
          operation(workspaceId, UUID.randomUUID().toString(), action, params, actor, t.getT2());
          Instant now = Contact.now();
          BulkJob job = new BulkJob(UUID.randomUUID().toString(), action, params, t.getT1(), actor, BulkJob.QUEUED,
              null, null, 0, 0, 0, 0, 0, List.of(), 0, now, null, null, null);
          // the lease is taken before the job exists, so no other instance's scan can claim it first
          return leases.acquire(lease(job.id()))
              .switchIfEmpty(Mono.error(() -> new IllegalStateException("lease of a new bulk job is taken")))
              .flatMap(hold -> store.save(workspaceId, job)
                  .onErrorResume(e -> hold.release().then(Mono.error(e)))
                  .doOnSuccess(v -> start(workspaceId, job, hold)))
              .thenReturn(job);
        });
  }

  /** The lease that guards one bulk job. */
  static String lease(String jobId) {
    return "bulk:" + jobId;
  }

  Mono<BulkJob> find(String workspaceId, String id) {
    return store.find(workspaceId, id)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("bulk job " + id + " not found")));
  }

  @EventListener(ApplicationReadyEvent.class)
  void resumeUnfinished() {
    takeOverOrphans().subscribe(null, e -> log.warn("could not look for unfinished bulk jobs: {}", e.toString()));
  }

  @Scheduled(initialDelayString = "${platform.lease.scan-every:30s}", fixedDelayString = "${platform.lease.scan-every:30s}")
  void scanForOrphans() {
    try {
      takeOverOrphans().block(Duration.ofMinutes(1));
    } catch (RuntimeException e) {
      log.warn("could not look for unfinished bulk jobs: {}", e.toString());
    }
  }

  /** Claims and resumes every unfinished job whose lease is free or expired; answers how many. */
  Mono<Long> takeOverOrphans() {
    if (!scanning.compareAndSet(false, true)) {
      return Mono.just(0L);
    }
    return store.unfinished()
        .filter(entry -> !leases.heldHere(lease(entry.getValue().id())))
        .concatMap(entry -> leases.acquire(lease(entry.getValue().id())).map(hold -> {
          log.info("taking over bulk job {} ({}) from chunk {}", entry.getValue().id(), entry.getValue().action(),
              entry.getValue().nextChunk());
          start(entry.getKey(), entry.getValue(), hold);
          return 1L;
        }))
        .reduce(0L, Long::sum)
        .doFinally(s -> scanning.set(false));
  }

  private void start(String workspaceId, BulkJob job, Leases.Hold hold) {
    run(workspaceId, job, hold)
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorResume(e -> {
          if (e instanceof LeaseLostException || hold.lost()) {
            log.warn("bulk job {} stopped here: its lease went to another instance", job.id());
            return Mono.empty();
          }
          log.warn("bulk job {} failed: {}", job.id(), e.toString());
          return store.find(workspaceId, job.id())
              .flatMap(current -> store.save(workspaceId, withStatus(current, BulkJob.FAILED, e.toString())));
        })
        .then(Mono.defer(hold::release))
        .subscribe(null, e -> log.warn("bulk job {} could not record its outcome: {}", job.id(), e.toString()));
  }

  /** Runs the job under {@code hold}, recording this instance's stint in the job's owner history first. */
  private Mono<Void> run(String workspaceId, BulkJob queued, Leases.Hold hold) {
    return store.recordOwner(queued.id(), hold.owner(), Contact.now(), queued.processed())
        .flatMap(stint -> run(workspaceId, queued, hold, stint));
  }

  private Mono<Void> run(String workspaceId, BulkJob queued, Leases.Hold hold, int stint) {
    Instant now = Contact.now();
    BulkJob running = queued.matched() != null ? withStatus(queued, BulkJob.RUNNING, null)
        : copy(queued, BulkJob.RUNNING, null, null, queued.startedAt() == null ? now : queued.startedAt());
    Mono<BulkJob> frozen = running.matched() != null ? Mono.just(running)
        : store.save(workspaceId, running)
            .then(store.members().write(running.id(), selectedIds(workspaceId, running.selection())))
            .map(count -> copy(running, BulkJob.RUNNING, count, Contact.now(), running.startedAt()));
    return Mono.zip(frozen, customFields.definitions(workspaceId)).flatMap(t -> {
      BulkJob job = t.getT1();
      Operation op = operation(workspaceId, job.id(), job.action(), job.params(), job.actor(), t.getT2());
      AtomicReference<BulkJob> current = new AtomicReference<>(job);
      return store.save(workspaceId, job)
          .thenMany(store.members().chunks(job.id(), job.matched(), job.nextChunk())
              .concatMap(ids -> Mono.fromRunnable(hold::check).then(applyChunk(workspaceId, op, ids))
                  .flatMap(outcomes -> {
                    hold.check();
                    BulkJob next = progressed(current.get(), outcomes);
                    current.set(next);
                    return store.save(workspaceId, next, stint, outcomes.size());
                  })))
          .then(Mono.fromRunnable(hold::check))
          .then(Mono.defer(() -> store.save(workspaceId, withStatus(current.get(), BulkJob.COMPLETED, null))));
    });
  }

  /** What happened to one contact. */
  private record Outcome(String contactId, ContactWrites.Result result, String error) {
  }

  private Mono<List<Outcome>> applyChunk(String workspaceId, Operation op, List<String> ids) {
    Mono<List<Outcome>> work = Flux.fromIterable(ids)
        .flatMapSequential(id -> op.apply(workspaceId, id)
            .map(result -> new Outcome(id, result, null))
            .onErrorResume(e -> Mono.just(new Outcome(id, null, reason(e)))), CONCURRENCY)
        .collectList();
    return op.changesContacts() ? writes.guarded(ids, work) : work;
  }

  private static BulkJob progressed(BulkJob job, List<Outcome> outcomes) {
    long changed = job.changed();
    long unchanged = job.unchanged();
    long skipped = job.skipped();
    long failed = job.failed();
    List<BulkJob.Failure> errors = new ArrayList<>(job.errors());
    for (Outcome o : outcomes) {
      if (o.error() != null) {
        failed++;
        if (errors.size() < MAX_ERRORS) {
          errors.add(new BulkJob.Failure(o.contactId(), o.error()));
        }
      } else {
        switch (o.result()) {
          case CHANGED -> changed++;
          case UNCHANGED -> unchanged++;
          case NOT_FOUND -> skipped++;
        }
      }
    }
    return new BulkJob(job.id(), job.action(), job.params(), job.selection(), job.actor(), job.status(),
        job.matched(), job.matchedAt(), job.processed() + outcomes.size(), changed, unchanged, skipped, failed, errors,
        job.nextChunk() + 1, job.createdAt(), job.startedAt(), job.finishedAt(), job.failureReason());
  }

  private static String reason(Throwable e) {
    if (e instanceof ErrorResponseException r && r.getBody().getDetail() != null) {
      return r.getBody().getDetail();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private Flux<String> selectedIds(String workspaceId, BulkJob.Selection selection) {
    return switch (selection.kind()) {
      case "IDS" -> Flux.fromIterable(selection.ids());
      case "SEGMENT" -> segmentStore.find(workspaceId, selection.segmentId())
          .switchIfEmpty(Mono.error(() -> new IllegalStateException("segment " + selection.segmentId() + " was deleted")))
          .flatMapMany(segment -> segments.memberIds(workspaceId, segment));
      default -> search.compile(workspaceId, selection.filter(), selection.search()).flatMapMany(search::ids);
    };
  }

  /** The selection, checked: exactly one of ids, filter/search, segmentId. */
  private Mono<BulkJob.Selection> selection(String workspaceId, Map<String, Object> raw) {
    if (raw == null || raw.isEmpty()) {
      return Mono.error(ApiException.badRequest("selection: required ({ids}, {filter, search} or {segmentId})"));
    }
    for (String member : raw.keySet()) {
      if (!Set.of("ids", "filter", "search", "segmentId").contains(member)) {
        return Mono.error(ApiException.badRequest("selection." + member + ": unknown (ids, filter, search, segmentId)"));
      }
    }
    boolean ids = raw.containsKey("ids");
    boolean segment = raw.containsKey("segmentId");
    boolean filter = raw.containsKey("filter") || raw.containsKey("search");
    if ((ids ? 1 : 0) + (segment ? 1 : 0) + (filter ? 1 : 0) != 1) {
      return Mono.error(ApiException.badRequest("selection: exactly one of ids, filter/search, segmentId"));
    }
    if (ids) {
      if (!(raw.get("ids") instanceof List<?> list) || list.isEmpty() || list.size() > MAX_IDS
          || list.stream().anyMatch(id -> !(id instanceof String s) || s.isBlank())) {
        return Mono.error(ApiException.unprocessable("selection.ids: 1 to " + MAX_IDS + " contact ids"));
      }
      for (int i = 0; i < list.size(); i++) {
        if (!TimeOrderedIds.isId(list.get(i).toString())) {
          return Mono.error(ApiException.unprocessable("selection.ids[" + i + "]: not a contact id (a UUID)"));
        }
      }
      List<String> unique = List.copyOf(new LinkedHashSet<>(list.stream().map(Object::toString).toList()));
      return Mono.just(new BulkJob.Selection("IDS", unique, null, null, null, "applies to the listed contacts"));
    }
    if (segment) {
      String segmentId = raw.get("segmentId") instanceof String s ? s : null;
      if (segmentId == null) {
        return Mono.error(ApiException.unprocessable("selection.segmentId: must be a segment id"));
      }
      return segmentStore.find(workspaceId, segmentId)
          .switchIfEmpty(Mono.error(() -> ApiException.unprocessable("selection.segmentId: no segment " + segmentId
              + " in this workspace")))
          .map(s -> new BulkJob.Selection("SEGMENT", null, null, null, segmentId,
              "applies to the segment's members when the job starts; contacts that join later are not included"));
    }
    Object filterTree = raw.get("filter");
    String text = raw.get("search") instanceof String s ? s : null;
    if (filterTree == null && (text == null || text.isBlank())) {
      return Mono.error(ApiException.badRequest("selection: a filter or a search (to select every contact, filter "
          + "on status eq ACTIVE)"));
    }
    return search.compile(workspaceId, filterTree, text)
        .onErrorMap(ApiException.class, e -> ApiException.badRequest("selection." + e.getBody().getDetail()))
        .map(compiled -> new BulkJob.Selection("FILTER", null, filterTree, text, null,
            "applies to the contacts matched when the job starts; contacts that match later are not included"));
  }

  /** One action bound to its parameters. */
  private record Operation(boolean changesContacts, BiFunction<String, String, Mono<ContactWrites.Result>> action) {
    Mono<ContactWrites.Result> apply(String workspaceId, String contactId) {
      return action.apply(workspaceId, contactId);
    }
  }

  /** The action with its parameters checked (422 naming {@code params.<member>}). */
  private Operation operation(String workspaceId, String jobId, String action, Map<String, Object> params, String actor,
                              Map<String, io.contactsplatform.contactservice.customfield.CustomFieldDefinition> defs) {
    ChangeOrigin origin = ChangeOrigin.bulk(jobId, actor);
    return switch (action) {
      case "ADD_TAGS", "REMOVE_TAGS" -> {
        List<String> tags = tags(params);
        boolean add = action.equals("ADD_TAGS");
        yield new Operation(true, (ws, id) -> writes.modifyUnguarded(ws, id, origin, c -> {
          LinkedHashSet<String> next = new LinkedHashSet<>(c.tags());
          if (add) {
            next.addAll(tags);
            String tooMany = ContactLimits.tags("tags", next);
            if (tooMany != null) {
              throw ApiException.unprocessable(tooMany);
            }
          } else {
            next.removeAll(tags);
          }
          return c.withTags(new ArrayList<>(next));
        }));
      }
      case "SET_FIELDS" -> {
        if (!(params.get("fields") instanceof Map<?, ?> fields)) {
          throw ApiException.unprocessable("params.fields: an object of the fields to set");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) fields;
        ContactPatch patch;
        try {
          patch = ContactPatch.of(body, defs, ContactPatch.BULK_FIELDS);
        } catch (ApiException e) {
          String detail = "params.fields." + e.getBody().getDetail();
          throw e.getStatusCode().value() == HttpStatus.BAD_REQUEST.value() ? ApiException.badRequest(detail)
              : ApiException.unprocessable(detail);
        }
        yield new Operation(true, (ws, id) -> writes.modifyUnguarded(ws, id, origin, patch::applyTo));
      }
      case "ARCHIVE" -> new Operation(true, (ws, id) -> writes.archiveUnguarded(ws, id, origin));
      case "ERASE" -> new Operation(true, (ws, id) -> writes.eraseUnguarded(ws, id, origin));
      default -> dncOperation(jobId, action.equals("ADD_TO_DNC") ? DncAction.ADD : DncAction.REMOVE, params, actor);
    };
  }

  private Operation dncOperation(String jobId, DncAction dncAction, Map<String, Object> params, String actor) {
    String reason = params.get("reason") instanceof String s && !s.isBlank() ? s.trim() : null;
    String campaign = params.get("campaignId") instanceof String s ? s : null;
    for (String[] text : new String[][] {{"params.reason", reason}, {"params.campaignId", campaign}}) {
      String tooLong = ContactLimits.tooLong(text[0], text[1], MAX_DNC_TEXT);
      if (tooLong != null) {
        throw ApiException.unprocessable(tooLong);
      }
    }
    if (dncAction == DncAction.REMOVE && reason == null) {
      throw ApiException.unprocessable("params.reason: required to remove numbers from the DNC list");
    }
    String finalReason = reason != null ? reason : "bulk action " + jobId;
    DncScope scope;
    try {
      scope = params.get("scope") == null ? DncScope.WORKSPACE
          : DncScope.valueOf(params.get("scope").toString().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.unprocessable("params.scope: WORKSPACE or CAMPAIGN");
    }
    String campaignId = params.get("campaignId") instanceof String s && !s.isBlank() ? s : null;
    if (scope == DncScope.CAMPAIGN && campaignId == null) {
      throw ApiException.unprocessable("params.campaignId: required for scope CAMPAIGN");
    }
    Instant expiresAt;
    try {
      expiresAt = params.get("expiresAt") == null ? null : Instant.parse(params.get("expiresAt").toString());
    } catch (DateTimeParseException e) {
      throw ApiException.unprocessable("params.expiresAt: an ISO-8601 instant");
    }
    if (params.get("override") != null && !(params.get("override") instanceof Boolean)) {
      throw ApiException.unprocessable("params.override: true or false");
    }
    boolean override = Boolean.TRUE.equals(params.get("override"));
    return new Operation(false, (ws, id) -> contacts.find(ws, id)
        .filter(stored -> !stored.contact().erased())
        .flatMap(stored -> {
          Contact c = stored.contact();
          DncCommand command = DncCommand.newBuilder()
              .setEventId(UUID.nameUUIDFromBytes((jobId + "|" + id).getBytes(StandardCharsets.UTF_8)))
              .setWorkspaceId(ws)
              .setOccurredAt(Instant.now())
              .setSource(SOURCE)
              .setAction(dncAction)
              .setPhone(c.phoneE164())
              .setDefaultRegion(null)
              .setScope(scope)
              .setCampaignId(campaignId)
              .setDncSource(DncSource.MANUAL)
              .setReason(finalReason)
              .setActor(actor)
              .setExpiresAt(dncAction == DncAction.ADD ? expiresAt : null)
              .setOverride(override)
              .build();
          return publisher.publish(Topics.DNC_COMMANDS, Topics.key(ws, c.phoneE164()), command)
              .thenReturn(ContactWrites.Result.CHANGED);
        })
        .defaultIfEmpty(ContactWrites.Result.NOT_FOUND));
  }

  private static List<String> tags(Map<String, Object> params) {
    if (!(params.get("tags") instanceof List<?> list) || list.isEmpty()
        || list.stream().anyMatch(t -> !(t instanceof String s) || s.isBlank())) {
      throw ApiException.unprocessable("params.tags: a non-empty list of tags");
    }
    List<String> tags = list.stream().map(t -> t.toString().trim()).distinct().toList();
    // counted as sent, before duplicates are dropped
    String violation = ContactLimits.tags("params.tags", list.size() > tags.size()
        ? list.stream().map(Object::toString).toList() : tags);
    if (violation != null) {
      throw ApiException.unprocessable(violation);
    }
    return tags;
  }

  private static BulkJob withStatus(BulkJob job, String status, String failureReason) {
    return new BulkJob(job.id(), job.action(), job.params(), job.selection(), job.actor(), status, job.matched(),
        job.matchedAt(), job.processed(), job.changed(), job.unchanged(), job.skipped(), job.failed(), job.errors(),
        job.nextChunk(), job.createdAt(), job.startedAt(),
        BulkJob.FAILED.equals(status) || BulkJob.COMPLETED.equals(status) ? Contact.now() : job.finishedAt(),
        failureReason);
  }

  private static BulkJob copy(BulkJob job, String status, Long matched, Instant matchedAt, Instant startedAt) {
    return copy(job, status, matched, matchedAt, startedAt, job.finishedAt());
  }

  private static BulkJob copy(BulkJob job, String status, Long matched, Instant matchedAt, Instant startedAt,
                              Instant finishedAt) {
    return new BulkJob(job.id(), job.action(), job.params(), job.selection(), job.actor(), status, matched, matchedAt,
        job.processed(), job.changed(), job.unchanged(), job.skipped(), job.failed(), job.errors(), job.nextChunk(),
        job.createdAt(), startedAt, finishedAt, job.failureReason());
  }
}
