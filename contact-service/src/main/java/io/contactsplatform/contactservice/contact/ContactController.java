package io.contactsplatform.contactservice.contact;

import io.contactsplatform.contactservice.dncview.DncViewStore;
import io.contactsplatform.support.auth.Workspace;
import io.contactsplatform.support.phone.PhoneNumbers;
import io.contactsplatform.support.web.ApiException;
import io.contactsplatform.support.web.CursorPage;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Contacts API, always scoped to the caller's workspace; other workspaces' ids are 404. */
@RestController
@RequestMapping("/v1/contacts")
class ContactController {

  private final ContactStore store;
  private final ContactCommands commands;
  private final DncViewStore dncViews;

  ContactController(ContactStore store, ContactCommands commands, DncViewStore dncViews) {
    this.store = store;
    this.commands = commands;
    this.dncViews = dncViews;
  }

  @GetMapping
  Mono<CursorPage<ContactView>> list(Workspace workspace, @RequestParam(required = false) String phone,
                                     @RequestParam(required = false) String cursor,
                                     @RequestParam(required = false) Integer pageSize) {
    if (phone != null) {
      String e164 = PhoneNumbers.toE164(phone, "US")
          .orElseThrow(() -> ApiException.badRequest("phone: not a valid phone number"));
      return store.idForKey(ContactStore.phoneKey(workspace.id(), e164))
          .flatMap(id -> store.find(workspace.id(), id))
          .flatMap(stored -> view(stored.contact()))
          .map(view -> new CursorPage<>(List.of(view), null))
          .defaultIfEmpty(new CursorPage<>(List.of(), null));
    }
    int size = CursorPage.pageSize(pageSize);
    return store.list(workspace.id(), CursorPage.decodeCursor(cursor), size + 1)
        .concatMap(stored -> view(stored.contact()))
        .collectList()
        .map(views -> views.size() > size
            ? new CursorPage<>(views.subList(0, size), CursorPage.encodeCursor(views.get(size - 1).id()))
            : new CursorPage<>(views, null));
  }

  @GetMapping("/{id}")
  Mono<ContactView> get(Workspace workspace, @PathVariable String id) {
    return store.find(workspace.id(), id)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("contact " + id + " not found")))
        .flatMap(stored -> view(stored.contact()));
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Mono<ContactView> create(Workspace workspace, @RequestBody NewContact request) {
    return commands.create(workspace.id(), request).flatMap(this::view);
  }

  private Mono<ContactView> view(Contact contact) {
    return dncViews.view(contact.workspaceId(), contact.phoneE164(), Instant.now())
        .map(dnc -> ContactView.of(contact, dnc));
  }
}
