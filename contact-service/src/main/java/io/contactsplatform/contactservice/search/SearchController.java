package io.contactsplatform.contactservice.search;

import io.contactsplatform.support.auth.Workspace;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code POST /v1/contacts/search}: filter, free-text search, sort and cursor paging, with the total. */
@Tag(name = "search", description = "Filtered, sorted and paged contact search")
@RestController
class SearchController {

  private final ContactSearch search;

  SearchController(ContactSearch search) {
    this.search = search;
  }

  /** Body of a search: every member optional. */
  @Schema(name = "ContactSearchRequest")
  record SearchRequest(Object filter, String search, Object sort, Integer pageSize, String cursor) {
  }

  @Operation(operationId = "searchContacts", summary = "Search contacts by filter and free text, sorted and paged, with the total")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "422", description = "The filter or sort breaks the filter language")
  @PostMapping("/v1/contacts/search")
  Mono<ContactSearch.Page> search(Workspace workspace, @RequestBody SearchRequest request) {
    return search.page(workspace.id(), request.filter(), request.search(), request.sort(), request.pageSize(),
        request.cursor());
  }
}
