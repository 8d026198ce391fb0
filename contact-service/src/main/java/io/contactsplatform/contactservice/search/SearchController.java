package io.contactsplatform.contactservice.search;

import io.contactsplatform.support.auth.Workspace;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code POST /v1/contacts/search}: filter, free-text search, sort and cursor paging, with the total. */
@RestController
class SearchController {

  private final ContactSearch search;

  SearchController(ContactSearch search) {
    this.search = search;
  }

  /** Body of a search: every member optional. */
  record SearchRequest(Object filter, String search, Object sort, Integer pageSize, String cursor) {
  }

  @PostMapping("/v1/contacts/search")
  Mono<ContactSearch.Page> search(Workspace workspace, @RequestBody SearchRequest request) {
    return search.page(workspace.id(), request.filter(), request.search(), request.sort(), request.pageSize(),
        request.cursor());
  }
}
