package io.contactsplatform.dncservice.dnc;

import io.contactsplatform.dncservice.dnc.DncEntry.Scope;
import io.contactsplatform.dncservice.dnc.DncEntry.Source;
import io.contactsplatform.events.dnc.command.DncAction;
import io.contactsplatform.events.dnc.command.DncCommand;
import io.contactsplatform.schemas.InvalidEventException;
import io.contactsplatform.support.ids.TimeOrderedIds;
import io.contactsplatform.support.phone.PhoneNumbers;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Applies one dnc-commands event with the API's rules. ADD adds an entry (or finds the identical
 * active one); REMOVE removes the active entries with the command's scope, campaign and source (a
 * REMOVE with nothing to remove is logged and ignored); removing NATIONAL_REGISTRY or CALL_OPT_OUT
 * entries needs {@code override: true}, which is recorded. Idempotent on the command's eventId.
 * Commands that cannot be applied (unparseable phone, CAMPAIGN scope without campaignId, blank
 * reason or actor, expiry in the past, a protected REMOVE without override) fail with an
 * {@link InvalidEventException} naming the problem, which dead-letters them; the reason carries
 * only a masked phone.
 */
@Service
public class DncCommandHandler {

  private static final Logger log = LoggerFactory.getLogger(DncCommandHandler.class);

  private final DncUpdates updates;

  DncCommandHandler(DncUpdates updates) {
    this.updates = updates;
  }

  public Mono<Void> apply(DncCommand command) {
    Instant now = updates.now();
    String eventId = command.getEventId().toString();
    String workspace = command.getWorkspaceId();
    String e164 = phoneOf(command);
    if (command.getAction() == DncAction.ADD) {
      EntrySpec spec = specOf(command, now);
      return updates.apply(workspace, e164, eventId,
              (number, at) -> number.add(spec, TimeOrderedIds.next(), eventId, at))
          .then();
    }
    Scope scope = Scope.valueOf(command.getScope().name());
    Source source = Source.valueOf(command.getDncSource().name());
    String campaignId = campaignIdOf(command);
    Removal removal = removalOf(command);
    try {
      removal.check(source);
    } catch (DncRuleViolation e) {
      throw invalid(command, e.getMessage());
    }
    return updates.apply(workspace, e164, eventId,
            (number, at) -> number.removeActive(e -> e.sameTarget(scope, campaignId, source), removal, eventId, at))
        .onErrorMap(DncRuleViolation.class, e -> invalid(command, e.getMessage()))
        .doOnNext(change -> {
          if (change.kind() == DncNumber.Change.Kind.UNCHANGED) {
            log.info("DncCommand {} REMOVE {} {}/{} in {}: no active entry, nothing to remove", eventId,
                PhoneNumbers.mask(e164), scope, source, workspace);
          }
        })
        .then();
  }

  /** The command's number in E.164, parsed with its defaultRegion (US when absent). */
  static String phoneOf(DncCommand command) {
    String region = PhoneNumbers.region(null, command.getDefaultRegion());
    return PhoneNumbers.toE164(command.getPhone(), region).orElseThrow(() -> invalid(command,
        "phone is not a valid phone number for defaultRegion " + region + " (" + PhoneNumbers.mask(command.getPhone())
            + ")"));
  }

  /** The validated entry an ADD command asks for. */
  static EntrySpec specOf(DncCommand command, Instant now) {
    try {
      return EntrySpec.of(Scope.valueOf(command.getScope().name()), command.getCampaignId(),
          Source.valueOf(command.getDncSource().name()), command.getReason(), command.getActor(),
          command.getExpiresAt(), now);
    } catch (DncRuleViolation e) {
      throw invalid(command, e.getMessage());
    }
  }

  /** The validated actor, reason and override of a REMOVE command. */
  static Removal removalOf(DncCommand command) {
    try {
      return Removal.of(command.getActor(), command.getReason(), command.getOverride());
    } catch (DncRuleViolation e) {
      throw invalid(command, e.getMessage());
    }
  }

  /** The campaign a REMOVE command targets (null for WORKSPACE), validated like an ADD's. */
  static String campaignIdOf(DncCommand command) {
    try {
      return EntrySpec.campaignFor(Scope.valueOf(command.getScope().name()), command.getCampaignId());
    } catch (DncRuleViolation e) {
      throw invalid(command, e.getMessage());
    }
  }

  private static InvalidEventException invalid(DncCommand command, String problem) {
    return new InvalidEventException("DncCommand " + command.getEventId() + " (" + command.getAction() + "): " + problem);
  }
}
