package io.contactsplatform.resolver.resolution;

import io.contactsplatform.events.call.start.CallStart;
import io.contactsplatform.events.call.variables.AgentVariables;
import io.contactsplatform.events.call.variables.ResolutionStatus;
import io.contactsplatform.resolver.campaign.CampaignConfig;
import io.contactsplatform.resolver.campaign.CampaignStore;
import io.contactsplatform.resolver.readmodel.AudienceRowStore;
import io.contactsplatform.resolver.readmodel.ContactReadModel;
import io.contactsplatform.resolver.readmodel.ContactSnapshot;
import io.contactsplatform.resolver.readmodel.ContactViewLoad;
import io.contactsplatform.resolver.readmodel.DncEntry;
import io.contactsplatform.resolver.readmodel.DncReadModel;
import io.contactsplatform.resolver.readmodel.DncReadiness;
import io.contactsplatform.schemas.InvalidEventException;
import io.contactsplatform.support.phone.ParsedPhone;
import io.contactsplatform.support.phone.PhoneNumbers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The one resolution path shared by the call-starts listener, the REST preview and readiness
 * reports: loads the facts (campaign config, usually from memory; contact, DNC entries and, when
 * the campaign maps a row column, the audience row from the in-memory views) and runs the pure
 * {@link Resolver}. The DNC readiness is read BEFORE the DNC
 * entries, so a "trusted" answer never rests on entries read earlier; until the contact view has
 * loaded every call is BLOCKED_OTHER.
 *
 * <p>{@code answer} gives every call one answer: a published answer is remembered right after it
 * is acknowledged ({@link AnswerStore}: memory at once, the store written behind), so a
 * duplicate call-start (same callId and key, e.g. the dialer retrying, or a redelivery) is not
 * answered again: the dialer already holds that answer. Nothing is written before publishing,
 * keeping the store off the latency path; the price is that a crash between publishing and
 * storing lets the redelivered call-start be answered a second time (same callId, new eventId), so
 * dialers keep the first answer per callId. When the resolver's state cannot
 * be read the answer is BLOCKED_OTHER (fail closed) rather than no answer. A call-start older than
 * {@code platform.resolver.call-starts.max-age} when it is resolved is answered EXPIRED, whatever
 * the state ({@link Resolver}); previews and readiness reports never expire.
 */
@Service
@EnableConfigurationProperties(CallStartProperties.class)
public class VariableResolution {

  private static final Logger log = LoggerFactory.getLogger(VariableResolution.class);

  private final CampaignStore campaigns;
  private final ContactReadModel contacts;
  private final DncReadModel dnc;
  private final DncReadiness readiness;
  private final ContactViewLoad contactLoad;
  private final AudienceRowStore audience;
  private final AgentVariablesEvents events;
  private final AnswerStore answers;
  private final MeterRegistry registry;
  private final Clock clock;
  private final CallStartProperties callStarts;
  private final Map<ResolutionStatus, Counter> resolutions = new ConcurrentHashMap<>();

  VariableResolution(CampaignStore campaigns, ContactReadModel contacts, DncReadModel dnc, DncReadiness readiness,
                     ContactViewLoad contactLoad, AudienceRowStore audience, AgentVariablesEvents events, AnswerStore answers,
                     MeterRegistry registry, Clock clock, CallStartProperties callStarts) {
    this.campaigns = campaigns;
    this.contacts = contacts;
    this.dnc = dnc;
    this.readiness = readiness;
    this.contactLoad = contactLoad;
    this.audience = audience;
    this.events = events;
    this.answers = answers;
    this.registry = registry;
    this.clock = clock;
    this.callStarts = callStarts;
  }

  /** Resolves one call now; never publishes. */
  public Mono<Resolution> resolve(ResolutionRequest request) {
    return Mono.defer(() -> resolve(request, clock.instant()));
  }

  /** Resolves one call as of {@code at} (calling window, DNC expiry, local time); never publishes. */
  public Mono<Resolution> resolve(ResolutionRequest request, Instant at) {
    return Mono.defer(() -> {
      ParsedPhone known = contacts.knownPhone(request.workspaceId(), request.phone());
      ParsedPhone phone = known != null ? known : PhoneNumbers.parse(request.phone(), null).orElse(null);
      if (phone == null) {
        return Mono.just(Resolver.resolve(request, null, new ResolutionFacts(null, null, null, null, null), at));
      }
      String ws = request.workspaceId();
      String e164 = phone.e164();
      return optional(campaigns.find(ws, request.campaignId())).flatMap(campaign -> {
        if (!contactLoad.isLoaded()) {
          return Mono.just(Resolver.failure(request, ContactViewLoad.NOT_LOADED, at));
        }
        String dncUncertainty = readiness.uncertainty();
        ContactSnapshot contact = request.contactId() != null
            ? contacts.byIdNow(ws, request.contactId())
            : contacts.byPhoneNow(ws, e164);
        List<DncEntry> entries = dnc.entriesNow(ws, e164);
        Mono<Optional<Map<String, String>>> row = campaign.isPresent() && campaign.get().usesAudienceRows()
            ? optional(audience.columns(ws, request.campaignId(), e164)) : Mono.just(Optional.empty());
        return row.map(r -> Resolver.resolve(request, phone, new ResolutionFacts(campaign.orElse(null), contact,
            dncUncertainty, entries, r.orElse(null)), at));
      });
    }).doOnNext(this::count);
  }

  /**
   * Answers one call-start on agent-variables unless this call was answered already, and returns
   * the answer (empty for a duplicate); contract-breaking events fail with
   * {@link InvalidEventException}. Only a call-start that
   * may be a redelivery ({@code delivery} says; null: not read from call-starts, so it may) is
   * looked up in the store; others only in this instance's memory.
   */
  Mono<AgentVariables> answer(CallStart start, CallStartDelivery delivery) {
    boolean mayBeRedelivered = delivery == null || delivery.mayBeRedelivered();
    if (start.getCallId() == null || start.getCallId().isBlank()) {
      return Mono.error(new InvalidEventException("CallStart has no callId"));
    }
    ResolutionRequest request = ResolutionRequest.of(start, callStarts.maxAge());
    Thread caller = Thread.currentThread();
    Mono<Optional<AnswerStore.Answered>> earlier =
        optional(answers.find(start.getWorkspaceId(), start.getCallId(), mayBeRedelivered))
            .onErrorResume(e -> {
              log.warn("call {}: earlier answers unreadable, answering without duplicate protection: {}",
                  start.getCallId(), e.toString());
              return Mono.just(Optional.empty());
            });
    Mono<Resolution> resolution = resolve(request)
        .onErrorResume(e -> !(e instanceof InvalidEventException), e -> {
          log.error("call {}: resolver state unreadable, answering BLOCKED_OTHER: {}", start.getCallId(), e.toString());
          return Mono.just(Resolver.failure(request, "resolver state unavailable; the call must not start",
              clock.instant()));
        });
    return Mono.zip(earlier, resolution).flatMap(t -> {
      if (t.getT1().isPresent()) {
        duplicate(start, t.getT1().get());
        return Mono.empty();
      }
      Resolution r = t.getT2();
      if (log.isDebugEnabled()) {
        log.debug("call {} campaign {} number {}: {}", r.callId(), r.campaignId(), PhoneNumbers.mask(r.phoneE164()),
            r.status());
      }
      AgentVariables answer = AgentVariablesEvents.toEvent(start.getWorkspaceId(), r, UUID.randomUUID(), clock.instant());
      // still the caller's (the consumer's) thread unless a store read (an earlier answer, a campaign not cached) left it
      return events.publish(answer, Thread.currentThread() == caller).then(Mono.fromCallable(() -> {
        answers.remember(answer, delivery);
        return answer;
      }));
    });
  }

  private void duplicate(CallStart start, AnswerStore.Answered earlier) {
    log.info("call {}: duplicate call-start {} (answered {} by event {}), not answered again", start.getCallId(),
        start.getEventId(), earlier.status(), earlier.eventId());
    Counter.builder("platform.resolver.duplicate.call.starts")
        .description("Call-starts for a callId already answered (the answer is not published again)")
        .register(registry)
        .increment();
  }

  private void count(Resolution resolution) {
    resolutions.computeIfAbsent(resolution.status(), status -> Counter.builder("platform.resolver.resolutions")
        .description("Call resolutions by status")
        .tag("status", status.name())
        .register(registry)).increment();
  }

  private static <T> Mono<Optional<T>> optional(Mono<T> mono) {
    return mono.map(Optional::of).defaultIfEmpty(Optional.empty());
  }
}
