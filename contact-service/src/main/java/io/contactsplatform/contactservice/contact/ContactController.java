package io.contactsplatform.contactservice.contact;

import io.contactsplatform.contactservice.history.ChangeOrigin;
import io.contactsplatform.contactservice.search.ContactSearch;
import io.contactsplatform.support.auth.Workspace;
import io.contactsplatform.support.contact.ContactLimits;
import io.contactsplatform.support.phone.PhoneNumbers;
import io.contactsplatform.support.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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

/**
 * Contacts API, always scoped to the caller's workspace; other workspaces' ids are 404.
 * {@code GET /v1/contacts} lists active contacts in creation order (the search API without a
 * filter); {@code ?phone=} looks one up by number in any format (archived included).
 */
@Tag(name = "contacts", description = "Contacts of the caller's workspace")
@RestController
@RequestMapping("/v1/contacts")
class ContactController {

  private final ContactStore store;
  private final ContactWrites writes;
  private final ContactSearch search;

  ContactController(ContactStore store, ContactWrites writes, ContactSearch search) {
    this.store = store;
    this.writes = writes;
    this.search = search;
  }

  @Operation(operationId = "listContacts", summary = "List active contacts in creation order, or look one up by phone number")
  @GetMapping
  Mono<ContactSearch.Page> list(Workspace workspace, @RequestParam(required = false) String phone,
                                @RequestParam(required = false) String cursor,
                                @RequestParam(required = false) Integer pageSize) {
    if (phone != null) {
      String tooLong = ContactLimits.tooLong("phone", phone, ContactLimits.PHONE);
      if (tooLong != null) {
        throw ApiException.badRequest(tooLong);
      }
      String e164 = PhoneNumbers.toE164(phone, "US")
          .orElseThrow(() -> ApiException.badRequest("phone: '" + phone + "' is not a valid phone number"));
      return store.idForKey(ContactStore.phoneKey(workspace.id(), e164))
          .flatMap(id -> store.find(workspace.id(), id))
          .filter(stored -> e164.equals(stored.contact().phoneE164()))
          .map(stored -> new ContactSearch.Page(List.of(ContactView.of(stored, Instant.now())), null, 1))
          .defaultIfEmpty(new ContactSearch.Page(List.of(), null, 0));
    }
    return search.page(workspace.id(), null, null, null, pageSize, cursor);
  }

  @Operation(operationId = "getContact", summary = "Get a contact (archived included)")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "404", description = "No such contact in the caller's workspace")
  @GetMapping("/{id}")
  Mono<ContactView> get(Workspace workspace, @PathVariable String id) {
    return store.find(workspace.id(), id)
        .switchIfEmpty(Mono.error(() -> notFound(id)))
        .map(stored -> ContactView.of(stored, Instant.now()));
  }

  @Operation(operationId = "createContact", summary = "Create a contact")
  @ApiResponse(responseCode = "409", description = "The phone number (or another unique value) belongs to another contact")
  @ApiResponse(responseCode = "422", description = "A value breaks a rule (phone, email, custom field)")
  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Mono<ContactView> create(Workspace workspace, @RequestBody NewContact request) {
    return writes.create(workspace.id(), request, ChangeOrigin.api(workspace)).map(stored -> ContactView.of(stored, Instant.now()));
  }

  @Operation(operationId = "updateContact", summary = "Change some members of a contact (JSON merge patch; null clears)")
  @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "404", description = "No such contact in the caller's workspace")
  @ApiResponse(responseCode = "409", description = "The new phone number belongs to another contact, or the contact is erased")
  @ApiResponse(responseCode = "422", description = "A value breaks a rule (phone, email, custom field)")
  @PatchMapping("/{id}")
  Mono<ContactView> patch(Workspace workspace, @PathVariable String id, @RequestBody Map<String, Object> body) {
    return writes.patch(workspace.id(), id, body, ChangeOrigin.api(workspace)).map(stored -> ContactView.of(stored, Instant.now()));
  }

  /** Archives; {@code ?erase=true} removes personal data and keeps a tombstone with the id. */
  @Operation(operationId = "deleteContact", summary = "Archive a contact, or erase its personal data with erase=true")
  @ApiResponse(responseCode = "204", description = "Archived or erased")
  @ApiResponse(responseCode = "404", description = "No such contact in the caller's workspace")
  @DeleteMapping("/{id}")
  Mono<ResponseEntity<Void>> delete(Workspace workspace, @PathVariable String id,
                                    @RequestParam(defaultValue = "false") boolean erase) {
    ChangeOrigin origin = ChangeOrigin.api(workspace);
    Mono<Boolean> done = erase ? writes.erase(workspace.id(), id, origin) : writes.archive(workspace.id(), id, origin);
    return done.flatMap(found -> found ? Mono.just(ResponseEntity.noContent().<Void>build())
        : Mono.error(notFound(id)));
  }

  private static ApiException notFound(String id) {
    return ApiException.notFound("contact " + id + " not found");
  }
}
