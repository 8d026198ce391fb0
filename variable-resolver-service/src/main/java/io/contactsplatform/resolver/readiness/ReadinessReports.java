package io.contactsplatform.resolver.readiness;

import io.contactsplatform.resolver.campaign.CampaignConfig;
import io.contactsplatform.resolver.campaign.CampaignStore;
import io.contactsplatform.resolver.contactservice.ContactServiceClient;
import io.contactsplatform.resolver.resolution.AudienceResolution;
import io.contactsplatform.resolver.state.StateQueries;
import io.contactsplatform.support.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs readiness reports: validates the campaign and the audience up front (404s and 422s before
 * the 202), then resolves the audience in the background in batches of 500 (up to 4 batches in
 * flight, the state of a batch read in one pass, see {@link AudienceResolution}) and tallies the
 * answers. An import audience is gathered from the resolver's state on every instance; a segment's
 * members are paged from contact-service with the caller's own API key, then resolved from the
 * resolver's state (other instances' partitions asked with the same key).
 *
 * <p>Known limits: a report runs in the instance that started it; if that instance stops, the
 * report shows FAILED once it has made no progress for two minutes. An import audience's numbers
 * are held in memory while the report runs.
 */
@Service
class ReadinessReports {

  static final int BATCH = 500;
  static final int BATCHES_IN_FLIGHT = 4;
  static final int DEFAULT_SAMPLES = 5;
  static final int MAX_SAMPLES = 50;
  static final Duration STALE_AFTER = Duration.ofMinutes(2);

  private static final Logger log = LoggerFactory.getLogger(ReadinessReports.class);

  private final CampaignStore campaigns;
  private final StateQueries audiences;
  private final ContactServiceClient contactService;
  private final AudienceResolution resolution;
  private final ReadinessReportStore store;
  private final Clock clock;

  ReadinessReports(CampaignStore campaigns, StateQueries audiences, ContactServiceClient contactService,
                   AudienceResolution resolution, ReadinessReportStore store, Clock clock) {
    this.campaigns = campaigns;
    this.audiences = audiences;
    this.contactService = contactService;
    this.resolution = resolution;
    this.store = store;
    this.clock = clock;
  }

  /** Validates and starts a report; completes with the RUNNING report once its job is under way. */
  Mono<ReadinessReport> start(String workspaceId, String campaignId, ReadinessRequest request, String authorization) {
    boolean byImport = request.importId() != null && !request.importId().isBlank();
    boolean bySegment = request.segmentId() != null && !request.segmentId().isBlank();
    if (byImport == bySegment) {
      return Mono.error(ApiException.unprocessable("importId, segmentId: exactly one audience is required"));
    }
    int samples = request.sampleSize() == null ? DEFAULT_SAMPLES : request.sampleSize();
    if (samples < 1 || samples > MAX_SAMPLES) {
      return Mono.error(ApiException.unprocessable("sampleSize: between 1 and " + MAX_SAMPLES));
    }
    Instant at = request.at() != null ? request.at() : clock.instant();
    return campaigns.find(workspaceId, campaignId)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("campaign " + campaignId + " has no configuration")))
        .flatMap(campaign -> byImport
            ? importJob(workspaceId, campaign, request.importId(), authorization, at, samples)
            : segmentJob(workspaceId, campaign, request.segmentId(), authorization, at, samples));
  }

  private Mono<ReadinessReport> importJob(String ws, CampaignConfig campaign, String importId, String authorization,
                                          Instant at, int samples) {
    return audiences.importAudience(ws, importId, authorization)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("import " + importId + " has no audience rows "
            + "(imports send them only when started with a campaignId)")))
        .flatMap(audience -> {
          List<List<String>> batches = partition(audience.phones());
          ReadinessReport report = report(ws, campaign, importId, null, at, (long) audience.phones().size());
          return store.create(report).doOnNext(created -> run(created, campaign, samples, Flux.fromIterable(batches),
              batch -> resolution.byPhones(ws, campaign, batch, at, authorization)));
        });
  }

  private Mono<ReadinessReport> segmentJob(String ws, CampaignConfig campaign, String segmentId, String authorization,
                                           Instant at, int samples) {
    return contactService.segmentMembers(segmentId, authorization).next()
        .then(Mono.defer(() -> {
          ReadinessReport report = report(ws, campaign, null, segmentId, at, null);
          Set<String> seen = new HashSet<>();
          Flux<List<String>> batches = contactService.segmentMembers(segmentId, authorization)
              .concatMapIterable(ReadinessReports::partition)
              .map(page -> page.stream().filter(seen::add).toList())
              .filter(page -> !page.isEmpty());
          return store.create(report).doOnNext(created -> run(created, campaign, samples, batches,
              batch -> resolution.byContactIds(ws, campaign, batch, at, authorization)));
        }));
  }

  private ReadinessReport report(String ws, CampaignConfig campaign, String importId, String segmentId, Instant at,
                                 Long total) {
    Instant now = now();
    return new ReadinessReport(UUID.randomUUID().toString(), ws, campaign.campaignId(), importId, segmentId, at,
        ReadinessReport.Status.RUNNING, total, 0, now, now, null, null, null);
  }

  private void run(ReadinessReport report, CampaignConfig campaign, int samples, Flux<List<String>> batches,
                   java.util.function.Function<List<String>, Mono<List<AudienceResolution.Outcome>>> resolve) {
    ReadinessTally tally = new ReadinessTally(samples);
    long started = System.nanoTime();
    batches.flatMapSequential(resolve, BATCHES_IN_FLIGHT)
        .concatMap(outcomes -> {
          outcomes.forEach(tally::add);
          return store.progress(report.reportId(), tally.members(), now());
        })
        .then(Mono.defer(() -> store.complete(report.reportId(), tally.result(), now())))
        .doOnSuccess(done -> log.info("readiness report {} of campaign {}: {} members in {} ms", report.reportId(),
            campaign.campaignId(), tally.members(), Duration.ofNanos(System.nanoTime() - started).toMillis()))
        .onErrorResume(e -> {
          log.warn("readiness report {} failed: {}", report.reportId(), e.toString());
          return store.fail(report.reportId(), e.getMessage(), now());
        })
        .subscribeOn(Schedulers.boundedElastic())
        .subscribe(done -> { }, e -> log.error("readiness report {} could not be finished", report.reportId(), e));
  }

  /** The report of this campaign in this workspace, RUNNING shown as FAILED once it stopped making progress. */
  Mono<ReadinessReportView> find(String workspaceId, String campaignId, String reportId) {
    return store.find(workspaceId, reportId)
        .filter(r -> r.campaignId().equals(campaignId))
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("readiness report " + reportId + " not found")))
        .map(this::view);
  }

  ReadinessReportView view(ReadinessReport r) {
    if (r.status() == ReadinessReport.Status.RUNNING && r.updatedAt().plus(STALE_AFTER).isBefore(now())) {
      return ReadinessReportView.of(r, ReadinessReport.Status.FAILED,
          "no progress since " + r.updatedAt() + " (the service running it stopped?); start a new report");
    }
    return ReadinessReportView.of(r, r.status(), r.failureReason());
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  static List<List<String>> partition(List<String> members) {
    List<List<String>> batches = new ArrayList<>();
    for (int from = 0; from < members.size(); from += BATCH) {
      batches.add(members.subList(from, Math.min(members.size(), from + BATCH)));
    }
    return batches;
  }
}
