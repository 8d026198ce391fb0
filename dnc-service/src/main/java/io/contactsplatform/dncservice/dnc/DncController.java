package io.contactsplatform.dncservice.dnc;

import io.contactsplatform.support.auth.Workspace;
import io.contactsplatform.support.web.CursorPage;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
 * never listed, checked or found (404). Writes go through {@link DncRequests}, reads through
 * {@link DncQueries}. {@code GET /v1/dnc/check?phone=} and {@code DELETE /v1/dnc/entries/{id}}
 * are kept from the first version of the API.
 */
@Tag(name = "dnc", description = "Do-Not-Call entries, checks and audit trail")
@RestController
@RequestMapping("/v1/dnc")
class DncController {

  /** Description of the ignored {@code actor} parameters. */
  static final String IGNORED_ACTOR = "Ignored (kept for older clients): the actor recorded is the name of the caller's API key";

  private final DncRequests requests;
  private final DncQueries queries;

  DncController(DncRequests requests, DncQueries queries) {
    this.requests = requests;
    this.queries = queries;
  }

  /** 201 with the new entry; 200 with the existing one when an identical entry is active. */
  @Operation(operationId = "createDncEntry", summary = "Add a DNC entry (200 with the existing entry when an identical one is active)")
  @ApiResponse(responseCode = "201", description = "Added",
      content = @Content(schema = @Schema(implementation = DncEntryView.class)))
  @ApiResponse(responseCode = "200", description = "An identical entry is active already; it is answered",
      content = @Content(schema = @Schema(implementation = DncEntryView.class)))
  @ApiResponse(responseCode = "422", description = "Invalid phone number or a value breaks a rule")
  @PostMapping
  Mono<ResponseEntity<DncEntryView>> add(Workspace workspace, @RequestBody NewDncEntry request) {
    return requests.add(workspace, request)
        .map(added -> ResponseEntity.status(added.changed() ? HttpStatus.CREATED : HttpStatus.OK)
            .body(DncEntryView.of(added.entry(), added.phoneE164(), queries.now())));
  }

  /** Entries filtered by phone, source, scope, campaignId and state (ACTIVE, EXPIRED, REMOVED). */
  @Operation(operationId = "listDncEntries", summary = "List entries filtered by phone, source, scope, campaignId and state")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "422", description = "Invalid phone number or a value breaks a rule")
  @GetMapping
  Mono<CursorPage<DncEntryView>> list(Workspace workspace, @RequestParam(required = false) String phone,
                                      @RequestParam(required = false) String defaultRegion,
                                      @RequestParam(required = false) String source,
                                      @RequestParam(required = false) String scope,
                                      @RequestParam(required = false) String campaignId,
                                      @RequestParam(required = false) String state,
                                      @RequestParam(required = false) String cursor,
                                      @RequestParam(required = false) Integer pageSize) {
    return Mono.defer(() -> queries.list(workspace.id(),
        phone == null || phone.isBlank() ? regionOnly(defaultRegion) : PhoneInput.fromQuery(phone, defaultRegion),
        DncQueries.EntryFilter.of(source, scope, campaignId, state), cursor, CursorPage.pageSize(pageSize)));
  }

  /** No number to look up: a {@code defaultRegion} given anyway must still be a region (422 otherwise). */
  private static String regionOnly(String defaultRegion) {
    PhoneInput.region(defaultRegion);
    return null;
  }

  @Operation(operationId = "getDncEntry", summary = "Get a DNC entry")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "404", description = "No such entry in the caller's workspace")
  @GetMapping("/{entryId}")
  Mono<DncEntryView> get(Workspace workspace, @PathVariable String entryId) {
    return requests.find(workspace.id(), entryId, null, null)
        .map(found -> DncEntryView.of(found.entry(), found.phoneE164(), queries.now()));
  }

  /**
   * Soft removal: {@code reason} required (400), {@code override} for protected sources. The removal's
   * actor is the caller's API key name; an {@code actor} parameter is accepted and ignored.
   */
  @Operation(operationId = "removeDncEntry", summary = "Remove an entry (soft: it stays in the audit trail)")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "404", description = "No such entry in the caller's workspace")
  @ApiResponse(responseCode = "422", description = "Missing reason, or the source is protected without override")
  @DeleteMapping("/{entryId}")
  Mono<DncEntryView> remove(Workspace workspace, @PathVariable String entryId,
                            @RequestParam(required = false) String reason,
                            @Parameter(deprecated = true, description = IGNORED_ACTOR)
                            @RequestParam(required = false) String actor,
                            @RequestParam(defaultValue = "false") boolean override) {
    return requests.remove(workspace, entryId, reason, override, null, null)
        .map(removed -> DncEntryView.of(removed.entry(), removed.phoneE164(), queries.now()));
  }

  /**
   * First-version alias of {@code DELETE /v1/dnc/{id}} with reason and actor in a JSON body. Hidden from
   * the OpenAPI description: {@link #removeLegacy}'s operation documents both forms (one path and method).
   */
  @Hidden
  @DeleteMapping(path = "/entries/{entryId}", consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<DncEntryView> removeWithBody(Workspace workspace, @PathVariable String entryId,
                                    @RequestParam(required = false) String phone,
                                    @RequestParam(required = false) String defaultRegion,
                                    @RequestParam(defaultValue = "false") boolean override,
                                    @RequestBody EntryRemoval body) {
    return requests.remove(workspace, entryId, body.reason(), override, phone, defaultRegion)
        .map(removed -> DncEntryView.of(removed.entry(), removed.phoneE164(), queries.now()));
  }

  /** First-version alias of {@code DELETE /v1/dnc/{id}} with query parameters. */
  @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false, description = "Reason (and an ignored actor), instead of the query parameters",
      content = @Content(schema = @Schema(implementation = EntryRemoval.class)))
  @Operation(operationId = "removeDncEntryByEntriesPath", summary = "First-version alias of removeDncEntry: reason as a query parameter or in a JSON body")
  @ApiResponse(responseCode = "404", description = "No such entry in the caller's workspace")
  @ApiResponse(responseCode = "422", description = "Missing reason, or the source is protected without override")
  @DeleteMapping("/entries/{entryId}")
  Mono<DncEntryView> removeLegacy(Workspace workspace, @PathVariable String entryId,
                                  @RequestParam(required = false) String phone,
                                  @RequestParam(required = false) String defaultRegion,
                                  @RequestParam(required = false) String reason,
                                  @Parameter(deprecated = true, description = IGNORED_ACTOR)
                                  @RequestParam(required = false) String actor,
                                  @RequestParam(defaultValue = "false") boolean override) {
    return requests.remove(workspace, entryId, reason, override, phone, defaultRegion)
        .map(removed -> DncEntryView.of(removed.entry(), removed.phoneE164(), queries.now()));
  }

  /** Bulk check of up to 50,000 numbers; 413 beyond. */
  @Operation(operationId = "checkDncNumbers", summary = "Check up to 50,000 numbers at once")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "413", description = "More than 50,000 numbers")
  @ApiResponse(responseCode = "422", description = "Missing phones")
  @PostMapping("/check")
  Mono<DncBulkCheck.Response> check(Workspace workspace, @RequestBody DncBulkCheck.Request request) {
    return queries.check(workspace.id(), request);
  }

  /** First-version single check. */
  @Operation(operationId = "checkDncNumber", summary = "Check one number (first-version API)")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "422", description = "Invalid phone number or a value breaks a rule")
  @GetMapping("/check")
  Mono<DncCheckView> checkOne(Workspace workspace, @RequestParam(required = false) String phone,
                              @RequestParam(required = false) String campaignId,
                              @RequestParam(required = false) String defaultRegion) {
    return Mono.defer(() -> queries.checkOne(workspace.id(), PhoneInput.fromQuery(phone, defaultRegion), campaignId));
  }

  /** The number's audit trail (every add, removal and expiry), newest first. */
  @Operation(operationId = "listDncAudit", summary = "The audit trail of a number, newest first")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "422", description = "Invalid phone number or a value breaks a rule")
  @GetMapping("/audit")
  Mono<CursorPage<DncAuditView>> audit(Workspace workspace, @RequestParam(required = false) String phone,
                                       @RequestParam(required = false) String defaultRegion,
                                       @RequestParam(required = false) String cursor,
                                       @RequestParam(required = false) Integer pageSize) {
    return Mono.defer(() -> queries.audit(workspace.id(), PhoneInput.fromQuery(phone, defaultRegion), cursor,
        CursorPage.pageSize(pageSize)));
  }
}
