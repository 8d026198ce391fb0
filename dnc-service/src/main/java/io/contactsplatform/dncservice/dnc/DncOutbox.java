package io.contactsplatform.dncservice.dnc;

import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.support.outbox.OutboxMarkers;
import org.springframework.stereotype.Component;

/**
 * Pending publishes, so no change is lost when the service stops between the state write and the
 * dnc-changes publish (there are no transactions). A writer opens a marker ({@code dnc_outbox},
 * {@code _id} = a fresh token) naming the numbers it is about to change BEFORE writing them, and
 * deletes it once their states are audited and published. A marker left behind (crash, broker or
 * store failure) is found by {@link DncOutboxSweeper}, which re-publishes the numbers' current
 * states. Each writer owns its marker, so concurrent writers never clear each other's. The
 * collection only holds in-flight or failed writes, so the sweep's scan stays small. The
 * mechanism is the shared {@link OutboxMarkers}; this is dnc-service's collection of it.
 */
@Component
class DncOutbox extends OutboxMarkers {

  DncOutbox(MongoDatabase database) {
    super(database.getCollection("dnc_outbox"), "phones");
  }
}
