package io.contactsplatform.contactservice.segment;

import io.contactsplatform.contactservice.search.ContactSearch;
import io.contactsplatform.support.auth.Workspace;
import io.contactsplatform.support.ids.TimeOrderedIds;
import io.contactsplatform.support.web.CursorPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Segments API, scoped to the caller's workspace; other workspaces' segments are 404. */
@Tag(name = "segments", description = "Saved selections of contacts")
@RestController
@RequestMapping("/v1/segments")
class SegmentController {

  private final Segments segments;

  SegmentController(Segments segments) {
    this.segments = segments;
  }

  @Operation(operationId = "createSegment", summary = "Create a segment (dynamic filter or static list)")
  @ApiResponse(responseCode = "422", description = "Invalid segment definition")
  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Mono<Segment> create(Workspace workspace, @RequestBody Segments.SegmentRequest request) {
    return segments.create(workspace.id(), request);
  }

  @Operation(operationId = "listSegments", summary = "List the segments")
  @GetMapping
  Mono<CursorPage<Segment>> list(Workspace workspace, @RequestParam(required = false) Integer pageSize,
                                 @RequestParam(required = false) String cursor) {
    int size = CursorPage.pageSize(pageSize);
    String after = CursorPage.decodeCursor(cursor, id -> TimeOrderedIds.isId(id) ? id : null);
    return segments.list(workspace.id()).collectList().map(all -> {
      int start = 0;
      if (after != null) {
        for (int i = 0; i < all.size(); i++) {
          if (all.get(i).id().equals(after)) {
            start = i + 1;
          }
        }
      }
      List<Segment> page = all.subList(Math.min(start, all.size()), Math.min(start + size, all.size()));
      String next = start + size < all.size() ? CursorPage.encodeCursor(page.get(page.size() - 1).id()) : null;
      return new CursorPage<>(page, next);
    });
  }

  @Operation(operationId = "getSegment", summary = "Get a segment")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "404", description = "No such segment in the caller's workspace")
  @GetMapping("/{id}")
  Mono<Segment> get(Workspace workspace, @PathVariable String id) {
    return segments.find(workspace.id(), id);
  }

  @Operation(operationId = "updateSegment", summary = "Change a segment")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "404", description = "No such segment in the caller's workspace")
  @ApiResponse(responseCode = "422", description = "Invalid segment definition")
  @PatchMapping("/{id}")
  Mono<Segment> update(Workspace workspace, @PathVariable String id, @RequestBody Segments.SegmentRequest request) {
    return segments.update(workspace.id(), id, request);
  }

  @Operation(operationId = "deleteSegment", summary = "Delete a segment")
  @ApiResponse(responseCode = "404", description = "No such segment in the caller's workspace")
  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  Mono<Void> delete(Workspace workspace, @PathVariable String id) {
    return segments.delete(workspace.id(), id);
  }

  @Operation(operationId = "listSegmentContacts", summary = "The contacts of a segment, paged")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "404", description = "No such segment in the caller's workspace")
  @GetMapping("/{id}/contacts")
  Mono<ContactSearch.Page> members(Workspace workspace, @PathVariable String id,
                                   @RequestParam(required = false) Integer pageSize,
                                   @RequestParam(required = false) String cursor) {
    return segments.members(workspace.id(), id, pageSize, cursor);
  }

  @Operation(operationId = "countSegmentContacts", summary = "Count the contacts of a segment")
  @ApiResponse(responseCode = "200", description = "OK",
      content = @Content(schema = @Schema(implementation = SegmentCount.class)))
  @ApiResponse(responseCode = "404", description = "No such segment in the caller's workspace")
  @GetMapping("/{id}/count")
  Mono<Map<String, Object>> count(Workspace workspace, @PathVariable String id) {
    return segments.count(workspace.id(), id)
        .map(count -> Map.of("segmentId", id, "count", count, "countedAt", Instant.now()));
  }

  /** Documentation-only shape of the count answer (the controller answers a map of these members). */
  @Schema(name = "SegmentCount", requiredProperties = {"segmentId", "count", "countedAt"})
  record SegmentCount(String segmentId, long count, java.time.Instant countedAt) {
  }

  /** Body of a snapshot: the new segment's name (optional). */
  @Schema(name = "SegmentSnapshotRequest")
  record SnapshotRequest(String name) {
  }

  @Operation(operationId = "snapshotSegment", summary = "Freeze a segment's current members into a new static segment")
  @ApiResponse(responseCode = "404", description = "No such segment in the caller's workspace")
  @PostMapping("/{id}/snapshot")
  @ResponseStatus(HttpStatus.CREATED)
  Mono<Segment> snapshot(Workspace workspace, @PathVariable String id,
                         @RequestBody(required = false) SnapshotRequest request) {
    return segments.snapshot(workspace.id(), id, request == null ? null : request.name());
  }
}
