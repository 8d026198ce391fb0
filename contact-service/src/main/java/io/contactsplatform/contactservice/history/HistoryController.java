package io.contactsplatform.contactservice.history;

import io.contactsplatform.contactservice.contact.ContactStore;
import io.contactsplatform.support.auth.Workspace;
import io.contactsplatform.support.web.ApiException;
import io.contactsplatform.support.web.CursorPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/contacts/{id}/history}: the contact's changes, newest first, paged by an opaque
 * cursor (the last version shown). 404 for an unknown id or another workspace's; 400 for a bad
 * cursor or page size. Flushes the contact's pending entries first, so nothing written is missing.
 */
@Tag(name = "contacts")
@RestController
class HistoryController {

  private final ContactStore contacts;
  private final ContactHistory history;

  HistoryController(ContactStore contacts, ContactHistory history) {
    this.contacts = contacts;
    this.history = history;
  }

  @Operation(operationId = "getContactHistory", summary = "A contact's change history, newest first")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "404", description = "No such contact in the caller's workspace")
  @GetMapping("/v1/contacts/{id}/history")
  Mono<HistoryPage> history(Workspace workspace, @PathVariable String id, @RequestParam(required = false) String cursor,
                            @RequestParam(required = false) Integer pageSize) {
    int size = CursorPage.pageSize(pageSize);
    Long before = beforeVersion(cursor);
    return contacts.find(workspace.id(), id)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("contact " + id + " not found")))
        .flatMap(stored -> {
          long from = before == null ? stored.contact().version() : Math.min(before - 1, stored.contact().version());
          return history.flush(List.of(id)).then(history.newest(workspace.id(), id, from, size + 1));
        })
        .map(entries -> {
          List<HistoryEntry> shown = entries.size() > size ? entries.subList(0, size) : entries;
          String next = entries.size() > size ? CursorPage.encodeCursor(Long.toString(shown.get(size - 1).version()))
              : null;
          return new HistoryPage(shown.stream().map(HistoryPage.Item::of).toList(), next);
        });
  }

  /** The version a cursor stands for (the next page shows older ones), null for the first page. */
  private static Long beforeVersion(String cursor) {
    String plain = CursorPage.decodeCursor(cursor);
    if (plain == null) {
      return null;
    }
    try {
      long version = Long.parseLong(plain);
      if (version >= 1) {
        return version;
      }
    } catch (NumberFormatException e) {
      // falls through to the 400
    }
    throw ApiException.badRequest("cursor: not a cursor returned by this API");
  }
}
