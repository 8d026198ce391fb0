package io.contactsplatform.contactservice.dncview;

import io.contactsplatform.contactservice.contact.ContactStore;
import io.contactsplatform.events.dnc.change.DncChange;
import java.time.Instant;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Applies one dnc-changes event: stores the number's state in the view (only when newer), then
 * copies the current state onto the contact holding that number, if any. Contact writes that
 * create a contact or change its number read the view after their own write, so whichever of
 * the two runs second leaves the contact with the latest state.
 */
@Service
class DncProjection {

  private final DncViewStore views;
  private final ContactStore contacts;

  DncProjection(DncViewStore views, ContactStore contacts) {
    this.views = views;
    this.contacts = contacts;
  }

  Mono<Void> apply(DncChange change) {
    String workspace = change.getWorkspaceId();
    String phone = change.getPhoneE164();
    return views.apply(change)
        .then(views.state(workspace, phone, Instant.now()))
        .flatMap(state -> contacts.idForKey(ContactStore.phoneKey(workspace, phone))
            .flatMap(id -> contacts.setDnc(id, phone, state)));
  }
}
