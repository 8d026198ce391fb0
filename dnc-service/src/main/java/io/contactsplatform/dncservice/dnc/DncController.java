package io.contactsplatform.dncservice.dnc;

import io.contactsplatform.support.auth.Workspace;
import io.contactsplatform.support.web.CursorPage;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * DNC API, always scoped to the caller's workspace: other workspaces' numbers and entries are
 * never listed, checked or found (404). Writes go through {@link DncRequests}.
 */
@RestController
@RequestMapping("/v1/dnc")
class DncController {

  private final DncStore store;
  private final DncRequests requests;

  DncController(DncStore store, DncRequests requests) {
    this.store = store;
    this.requests = requests;
  }

  /** 201 with the new entry; 200 with the existing one when an identical entry is active. */
  @PostMapping
  Mono<ResponseEntity<DncEntryView>> add(Workspace workspace, @RequestBody NewDncEntry request) {
    return requests.add(workspace.id(), request)
        .map(added -> ResponseEntity.status(added.changed() ? HttpStatus.CREATED : HttpStatus.OK)
            .body(DncEntryView.of(added.entry(), added.phoneE164(), Instant.now())));
  }

  @GetMapping
  Mono<CursorPage<DncNumberView>> list(Workspace workspace, @RequestParam(required = false) String cursor,
                                       @RequestParam(required = false) Integer pageSize) {
    int size = CursorPage.pageSize(pageSize);
    Instant now = Instant.now();
    return store.list(workspace.id(), CursorPage.decodeCursor(cursor), size + 1)
        .collectList()
        .map(numbers -> numbers.size() > size
            ? new CursorPage<>(views(numbers.subList(0, size), now), CursorPage.encodeCursor(numbers.get(size - 1).key()))
            : new CursorPage<>(views(numbers, now), null));
  }

  @GetMapping("/check")
  Mono<DncCheckView> check(Workspace workspace, @RequestParam(required = false) String phone,
                           @RequestParam(required = false) String campaignId,
                           @RequestParam(required = false) String defaultRegion) {
    String e164 = PhoneInput.fromQuery(phone, defaultRegion);
    String campaign = campaignId == null || campaignId.isBlank() ? null : campaignId.trim();
    Instant now = Instant.now();
    return store.find(workspace.id(), e164)
        .defaultIfEmpty(DncNumber.empty(workspace.id(), e164))
        .map(number -> new DncCheckView(e164, campaign, number.blockedFor(campaign, now),
            number.matching(campaign, now).stream().map(e -> DncEntryView.of(e, e164, now)).toList()));
  }

  /** Removes one entry (kept with removedAt); reason and actor in a JSON body. */
  @DeleteMapping(path = "/entries/{entryId}", consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<DncEntryView> remove(Workspace workspace, @PathVariable String entryId,
                            @RequestParam(required = false) String phone,
                            @RequestParam(required = false) String defaultRegion,
                            @RequestBody EntryRemoval body) {
    return remove(workspace, entryId, phone, defaultRegion, body.reason(), body.actor());
  }

  /** Removes one entry (kept with removedAt); reason and actor as query parameters. */
  @DeleteMapping("/entries/{entryId}")
  Mono<DncEntryView> remove(Workspace workspace, @PathVariable String entryId,
                            @RequestParam(required = false) String phone,
                            @RequestParam(required = false) String defaultRegion,
                            @RequestParam(required = false) String reason,
                            @RequestParam(required = false) String actor) {
    return Mono.defer(() -> requests.remove(workspace.id(), phone, defaultRegion, entryId, reason, actor))
        .map(removed -> DncEntryView.of(removed.entry(), removed.phoneE164(), Instant.now()));
  }

  /** The number's audit trail, newest first. */
  @GetMapping("/audit")
  Mono<CursorPage<DncAuditView>> audit(Workspace workspace, @RequestParam(required = false) String phone,
                                       @RequestParam(required = false) String defaultRegion,
                                       @RequestParam(required = false) String cursor,
                                       @RequestParam(required = false) Integer pageSize) {
    String e164 = PhoneInput.fromQuery(phone, defaultRegion);
    int size = CursorPage.pageSize(pageSize);
    return store.audit(workspace.id(), e164, CursorPage.decodeCursor(cursor), size + 1)
        .collectList()
        .map(records -> records.size() > size
            ? new CursorPage<>(auditViews(records.subList(0, size)), CursorPage.encodeCursor(records.get(size - 1).id()))
            : new CursorPage<>(auditViews(records), null));
  }

  private static List<DncNumberView> views(List<DncNumber> numbers, Instant now) {
    return numbers.stream().map(n -> DncNumberView.of(n, now)).toList();
  }

  private static List<DncAuditView> auditViews(List<DncAuditRecord> records) {
    return records.stream().map(DncAuditView::of).toList();
  }
}
