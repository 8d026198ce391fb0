package io.contactsplatform.resolver.resolution;

import io.contactsplatform.events.call.start.CallStart;
import io.contactsplatform.resolver.campaign.CampaignConfig;
import io.contactsplatform.resolver.campaign.CampaignStore;
import io.contactsplatform.resolver.readmodel.AudienceRowStore;
import io.contactsplatform.resolver.readmodel.ContactReadModel;
import io.contactsplatform.resolver.readmodel.ContactSnapshot;
import io.contactsplatform.resolver.readmodel.DncReadModel;
import io.contactsplatform.resolver.readmodel.DncReadiness;
import io.contactsplatform.schemas.InvalidEventException;
import io.contactsplatform.support.phone.ParsedPhone;
import io.contactsplatform.support.phone.PhoneNumbers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The one resolution path shared by the call-starts listener and the REST preview: loads the
 * facts (campaign config, contact, DNC entries, audience row; `_id` lookups in parallel) and runs
 * the pure {@link Resolver}. The DNC readiness flag is read BEFORE the DNC entries, so a "caught
 * up" answer never rests on entries read earlier. {@link #answer} publishes exactly one
 * agent-variables event per valid call-start; when the store cannot be read it answers
 * BLOCKED_OTHER (fail closed) rather than leaving the dialer without an answer.
 *
 * <p>Known limit: delivery is at least once; a call-start redelivered after a crash is answered
 * again (same callId and callStartEventId), so the dialer should keep the first answer per call.
 */
@Service
public class VariableResolution {

  private static final Logger log = LoggerFactory.getLogger(VariableResolution.class);

  private final CampaignStore campaigns;
  private final ContactReadModel contacts;
  private final DncReadModel dnc;
  private final DncReadiness readiness;
  private final AudienceRowStore audience;
  private final AgentVariablesEvents events;
  private final MeterRegistry registry;
  private final Clock clock;

  VariableResolution(CampaignStore campaigns, ContactReadModel contacts, DncReadModel dnc, DncReadiness readiness,
                     AudienceRowStore audience, AgentVariablesEvents events, MeterRegistry registry, Clock clock) {
    this.campaigns = campaigns;
    this.contacts = contacts;
    this.dnc = dnc;
    this.readiness = readiness;
    this.audience = audience;
    this.events = events;
    this.registry = registry;
    this.clock = clock;
  }

  /** Resolves one call; never publishes. */
  public Mono<Resolution> resolve(ResolutionRequest request) {
    return Mono.defer(() -> {
      Instant now = clock.instant();
      ParsedPhone phone = PhoneNumbers.parse(request.phone(), null).orElse(null);
      if (phone == null) {
        return Mono.just(Resolver.resolve(request, null, new ResolutionFacts(null, null, false, null, null), now));
      }
      String ws = request.workspaceId();
      String e164 = phone.e164();
      boolean dncCaughtUp = readiness.isCaughtUp();
      Mono<Optional<CampaignConfig>> campaign = optional(campaigns.find(ws, request.campaignId()));
      Mono<Optional<ContactSnapshot>> contact = optional(request.contactId() != null
          ? contacts.byId(ws, request.contactId())
          : contacts.byPhone(ws, e164));
      Mono<Optional<Map<String, String>>> row = optional(audience.columns(ws, request.campaignId(), e164));
      return Mono.zip(campaign, contact, dnc.entries(ws, e164), row)
          .map(t -> Resolver.resolve(request, phone,
              new ResolutionFacts(t.getT1().orElse(null), t.getT2().orElse(null), dncCaughtUp, t.getT3(),
                  t.getT4().orElse(null)), now));
    }).doOnNext(this::count);
  }

  /** Answers one call-start on agent-variables; contract-breaking events fail with {@link InvalidEventException}. */
  public Mono<Void> answer(CallStart start) {
    if (start.getCallId() == null || start.getCallId().isBlank()) {
      return Mono.error(new InvalidEventException("CallStart has no callId"));
    }
    ResolutionRequest request = ResolutionRequest.of(start);
    return resolve(request)
        .onErrorResume(e -> !(e instanceof InvalidEventException), e -> {
          log.error("call {}: resolver state unreadable, answering BLOCKED_OTHER: {}", start.getCallId(), e.toString());
          return Mono.just(Resolver.failure(request, "resolver state unavailable; the call must not start"));
        })
        .doOnNext(r -> log.debug("call {} campaign {} number {}: {}", r.callId(), r.campaignId(),
            PhoneNumbers.mask(r.phoneE164()), r.status()))
        .flatMap(resolution -> events.publish(start, resolution));
  }

  private void count(Resolution resolution) {
    Counter.builder("platform.resolver.resolutions")
        .description("Call resolutions by status")
        .tag("status", resolution.status().name())
        .register(registry)
        .increment();
  }

  private static <T> Mono<Optional<T>> optional(Mono<T> mono) {
    return mono.map(Optional::of).defaultIfEmpty(Optional.empty());
  }
}
