package io.contactsplatform.resolver.resolution;

import io.contactsplatform.events.call.start.CallStart;
import io.contactsplatform.events.call.variables.AgentVariables;
import io.contactsplatform.events.call.variables.ResolutionStatus;
import io.contactsplatform.resolver.campaign.CampaignConfig;
import io.contactsplatform.resolver.campaign.CampaignStore;
import io.contactsplatform.resolver.state.CallAnswerer;
import io.contactsplatform.resolver.state.StateFacts;
import io.contactsplatform.resolver.state.StateQueries;
import io.contactsplatform.support.phone.ParsedPhone;
import io.contactsplatform.support.phone.PhoneNumbers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
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
 * The one resolution path shared by the call-start topology, the REST preview and readiness
 * reports: the campaign config (usually from memory), the number's state (contact, DNC entries and
 * DNC trust, audience row: {@link StateFacts}, read from the task's own stores for a call-start, by
 * interactive query for the preview), then the pure {@link Resolver}. State that cannot be read
 * (Streams not running yet, a partition moving) makes the answer BLOCKED_OTHER, never READY.
 *
 * <p>As {@link CallAnswerer} it answers call-starts inside the topology, synchronously on the
 * stream thread: a campaign config not in memory is read from the store there (at most
 * {@value #CAMPAIGN_TIMEOUT_SECONDS} s, then BLOCKED_OTHER). The answer's bookkeeping (one answer
 * per callId, exactly once) is the topology's. A call-start older than
 * {@code platform.resolver.call-starts.max-age} when it is resolved is answered EXPIRED, whatever
 * the state ({@link Resolver}); previews and readiness reports never expire.
 */
@Service
@EnableConfigurationProperties(CallStartProperties.class)
public class VariableResolution implements CallAnswerer {

  static final long CAMPAIGN_TIMEOUT_SECONDS = 5;
  private static final Logger log = LoggerFactory.getLogger(VariableResolution.class);
  private static final ResolutionFacts NO_FACTS = new ResolutionFacts(null, null, null, null, null);

  private final CampaignStore campaigns;
  private final StateQueries state;
  private final MeterRegistry registry;
  private final Clock clock;
  private final CallStartProperties callStarts;
  private final Map<ResolutionStatus, Counter> resolutions = new ConcurrentHashMap<>();

  VariableResolution(CampaignStore campaigns, StateQueries state, MeterRegistry registry, Clock clock,
                     CallStartProperties callStarts) {
    this.campaigns = campaigns;
    this.state = state;
    this.registry = registry;
    this.clock = clock;
    this.callStarts = callStarts;
  }

  /**
   * Resolves one call as of {@code at} (calling window, DNC expiry, local time); never publishes.
   * State another instance holds is asked of it with {@code authorization} (the caller's key).
   */
  public Mono<Resolution> resolve(ResolutionRequest request, Instant at, String authorization) {
    return Mono.defer(() -> {
      ParsedPhone phone = request.phone() == null ? null : PhoneNumbers.parse(request.phone(), null).orElse(null);
      if (phone == null) {
        return Mono.just(Resolver.resolve(request, null, NO_FACTS, at));
      }
      String ws = request.workspaceId();
      return campaigns.find(ws, request.campaignId()).map(Optional::of).defaultIfEmpty(Optional.empty())
          .flatMap(campaign -> state.phones(ws, List.of(phone.e164()),
                  campaign.isPresent() && campaign.get().usesAudienceRows() ? request.campaignId() : null,
                  authorization)
              .map(facts -> resolve(request, phone, campaign.orElse(null), facts.get(phone.e164()), at)));
    }).doOnNext(this::count);
  }

  /** The rules applied to facts read somewhere; unreadable facts are BLOCKED_OTHER with their reason. */
  static Resolution resolve(ResolutionRequest request, ParsedPhone phone, CampaignConfig campaign, StateFacts facts,
                            Instant at) {
    if (facts == null || facts.unavailable() != null) {
      return Resolver.failure(request, facts == null ? StateQueries.NOT_RUNNING : facts.unavailable(), at);
    }
    return Resolver.resolve(request, phone, new ResolutionFacts(campaign, facts.contactSnapshot(request.contactId()),
        facts.dncUncertainty(), facts.dncEntries(), campaign != null && campaign.usesAudienceRows()
            ? facts.audienceColumns() : null), at);
  }

  @Override
  public AgentVariables answer(CallStart start, StateFacts facts) {
    ResolutionRequest request = ResolutionRequest.of(start, callStarts.maxAge());
    Instant now = clock.instant();
    Resolution r;
    try {
      ParsedPhone phone = start.getPhone() == null ? null : PhoneNumbers.parse(start.getPhone(), null).orElse(null);
      if (phone == null) {
        r = Resolver.resolve(request, null, NO_FACTS, now);
      } else {
        CampaignConfig campaign = campaigns.find(start.getWorkspaceId(), start.getCampaignId())
            .blockOptional(Duration.ofSeconds(CAMPAIGN_TIMEOUT_SECONDS)).orElse(null);
        r = resolve(request, phone, campaign, facts, now);
      }
    } catch (RuntimeException e) {
      log.error("call {}: resolver state unreadable, answering BLOCKED_OTHER: {}", start.getCallId(), e.toString());
      r = Resolver.failure(request, "resolver state unavailable; the call must not start", now);
    }
    count(r);
    if (log.isDebugEnabled()) {
      log.debug("call {} campaign {} number {}: {}", r.callId(), r.campaignId(), PhoneNumbers.mask(r.phoneE164()),
          r.status());
    }
    return AgentVariablesEvents.toEvent(start.getWorkspaceId(), r, UUID.randomUUID(), now);
  }

  @Override
  public void duplicate(CallStart start, AgentVariables earlier) {
    log.info("call {}: call-start {} for a call answered before ({} by event {}): the same answer is published again",
        start.getCallId(), start.getEventId(), earlier.getStatus(), earlier.getEventId());
    Counter.builder("platform.resolver.duplicate.call.starts")
        .description("Call-starts for a callId already answered (the stored answer is published again, unchanged)")
        .register(registry)
        .increment();
  }

  private void count(Resolution resolution) {
    resolutions.computeIfAbsent(resolution.status(), status -> Counter.builder("platform.resolver.resolutions")
        .description("Call resolutions by status")
        .tag("status", status.name())
        .register(registry)).increment();
  }
}
