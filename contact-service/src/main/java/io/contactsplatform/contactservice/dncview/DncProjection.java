package io.contactsplatform.contactservice.dncview;

import io.contactsplatform.contactservice.contact.ContactStore;
import io.contactsplatform.events.dnc.change.DncChange;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Applies a poll of dnc-changes: stores each number's state in the view (only when newer), then
 * copies the current state onto the contacts holding those numbers, if any. One bulk write of the
 * view, one read of the states and one of the phone keys per poll, whatever its size: a registry
 * load publishes millions of numbers, nearly none of them a contact's. Contact writes that create
 * a contact or change its number read the view after their own write, so whichever of the two
 * runs second leaves the contact with the latest state.
 */
@Service
class DncProjection {

  private static final int CONTACT_WRITES = 16;

  private final DncViewStore views;
  private final ContactStore contacts;

  DncProjection(DncViewStore views, ContactStore contacts) {
    this.views = views;
    this.contacts = contacts;
  }

  /** Applies the changes; of several for one number, the newest version counts. */
  Mono<Void> applyAll(List<DncChange> changes) {
    Map<String, DncChange> newest = new LinkedHashMap<>();
    for (DncChange change : changes) {
      newest.merge(DncViewStore.key(change.getWorkspaceId(), change.getPhoneE164()), change,
          (held, next) -> next.getVersion() > held.getVersion() ? next : held);
    }
    if (newest.isEmpty()) {
      return Mono.empty();
    }
    Map<String, DncChange> byPhoneKey = new HashMap<>();
    newest.values().forEach(c -> byPhoneKey.put(ContactStore.phoneKey(c.getWorkspaceId(), c.getPhoneE164()), c));
    return views.applyAll(newest.values())
        .then(Mono.defer(() -> Mono.zip(views.states(newest.keySet(), Instant.now()),
            contacts.idsForKeys(byPhoneKey.keySet()))))
        .flatMap(found -> Flux.fromIterable(found.getT2().entrySet())
            .flatMap(holder -> {
              DncChange change = byPhoneKey.get(holder.getKey());
              DncState state = found.getT1().getOrDefault(
                  DncViewStore.key(change.getWorkspaceId(), change.getPhoneE164()), DncState.NONE);
              return contacts.setDnc(holder.getValue(), change.getPhoneE164(), state);
            }, CONTACT_WRITES)
            .then());
  }
}
