package io.contactsplatform.dncservice.dnc;

import io.contactsplatform.events.dnc.change.DncChange;
import io.contactsplatform.events.dnc.change.DncEntryState;
import io.contactsplatform.events.dnc.change.DncScope;
import io.contactsplatform.events.dnc.change.DncSource;
import io.contactsplatform.schemas.Topics;
import io.contactsplatform.support.kafka.EventPublisher;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Publishes dnc-changes: the full state of one number (every entry, active or removed), its
 * version, and whether it is blocked workspace-wide and for which campaigns at {@code occurredAt},
 * keyed {@code workspaceId:E.164}. Consumers apply only versions newer than the one they hold, so
 * re-publishing a version is harmless; {@link DncUpdates} makes sure the last record per key is the
 * newest version, which is what compaction keeps.
 */
@Component
class DncEvents {

  static final String SOURCE = "dnc-service";

  private final EventPublisher publisher;
  private final Clock clock;

  DncEvents(EventPublisher publisher, Clock clock) {
    this.publisher = publisher;
    this.clock = clock;
  }

  Mono<Void> changed(DncNumber number) {
    return Mono.defer(() -> publisher.publish(Topics.DNC_CHANGES,
        Topics.key(number.workspaceId(), number.phoneE164()), toEvent(number, clock.instant())));
  }

  static DncChange toEvent(DncNumber number, Instant now) {
    return DncChange.newBuilder()
        .setEventId(UUID.randomUUID())
        .setWorkspaceId(number.workspaceId())
        .setOccurredAt(now)
        .setSource(SOURCE)
        .setPhoneE164(number.phoneE164())
        .setVersion(number.version())
        .setBlockedWorkspaceWide(number.blockedWorkspaceWide(now))
        .setBlockedCampaigns(number.blockedCampaigns(now))
        .setEntries(number.entries().stream().map(DncEvents::state).toList())
        .build();
  }

  private static DncEntryState state(DncEntry e) {
    return DncEntryState.newBuilder()
        .setEntryId(e.entryId())
        .setScope(DncScope.valueOf(e.scope().name()))
        .setCampaignId(e.campaignId())
        .setDncSource(DncSource.valueOf(e.source().name()))
        .setReason(e.reason())
        .setActor(e.actor())
        .setCreatedAt(e.createdAt())
        .setExpiresAt(e.expiresAt())
        .setRemovedAt(e.removedAt())
        .setRemovedBy(e.removedBy())
        .setRemovalReason(e.removalReason())
        .build();
  }
}
