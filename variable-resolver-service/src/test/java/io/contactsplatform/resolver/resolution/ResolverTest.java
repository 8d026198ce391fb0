package io.contactsplatform.resolver.resolution;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.events.call.variables.ResolutionStatus;
import io.contactsplatform.events.call.variables.VariableLayer;
import io.contactsplatform.resolver.campaign.Binding;
import io.contactsplatform.resolver.campaign.CallingWindow;
import io.contactsplatform.resolver.campaign.CampaignConfig;
import io.contactsplatform.resolver.campaign.MissingRequiredPolicy;
import io.contactsplatform.resolver.campaign.VariableDefinition;
import io.contactsplatform.resolver.campaign.VariableType;
import io.contactsplatform.resolver.readmodel.ContactSnapshot;
import io.contactsplatform.resolver.readmodel.DncEntry;
import io.contactsplatform.resolver.readmodel.DncReadiness;
import io.contactsplatform.support.phone.ParsedPhone;
import io.contactsplatform.support.phone.PhoneNumbers;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure gates and precedence rules. "Now" is Wednesday 2026-11-04 16:00Z (11:00 in New York). */
class ResolverTest {

  static final Instant NOW = Instant.parse("2026-11-04T16:00:00Z");
  static final String PHONE = "+14155552671";
  static final ParsedPhone PARSED = PhoneNumbers.parse(PHONE, null).orElseThrow();
  static final ContactSnapshot ADA = contact("c-1", "America/New_York", List.of());

  @Test
  void shouldAnswerReadyWithSystemContactAndStaticVariables() {
    CampaignConfig campaign = campaign(false, Map.of("offer", "20% off"),
        List.of(new VariableDefinition("first_name", Binding.parse("contact.first_name"), true, null)), null);

    Resolution r = resolve(request(Map.of()), facts(campaign, ADA, true, List.of(), null));

    assertThat(r.status()).isEqualTo(ResolutionStatus.READY);
    assertThat(r.reason()).isNull();
    assertThat(r.contactId()).isEqualTo("c-1");
    assertThat(r.phoneE164()).isEqualTo(PHONE);
    assertThat(r.variables())
        .containsEntry("system.call_id", "call-1")
        .containsEntry("system.campaign_id", "spring")
        .containsEntry("system.contact_id", "c-1")
        .containsEntry("system.phone", PHONE)
        .containsEntry("system.local_time", "2026-11-04T11:00:00")
        .containsEntry("contact.first_name", "Ada")
        .containsEntry("contact.company", "Analytical Engines")
        .containsEntry("contact.tags", "vip, beta")
        .containsEntry("cf.plan", "gold")
        .containsEntry("cf.seats", "3")
        .containsEntry("cf.score", "4.5")
        .containsEntry("first_name", "Ada")
        .containsEntry("offer", "20% off")
        .doesNotContainKey("contact.email");
    assertThat(r.trace()).contains(
        new Resolution.Trace("system.call_id", VariableLayer.SYSTEM, "callId of the call-start"),
        new Resolution.Trace("contact.first_name", VariableLayer.CONTACT, "contact.first_name"),
        new Resolution.Trace("first_name", VariableLayer.CONTACT, "contact.first_name"),
        new Resolution.Trace("offer", VariableLayer.STATIC, "staticVariables.offer"));
    assertThat(r.trace()).hasSize(r.variables().size());
    assertThat(r.missing()).isEmpty();
    assertThat(r.defaultsUsed()).isEmpty();
  }

  @Test
  void shouldPreferRuntimeOverAudienceOverStaticOverDefault() {
    List<VariableDefinition> variables = List.of(
        new VariableDefinition("a", Binding.parse("audience.Plan"), true, "default-a"),
        new VariableDefinition("b", Binding.parse("audience.Plan"), true, "default-b"),
        new VariableDefinition("c", Binding.parse("audience.Missing"), true, "default-c"),
        new VariableDefinition("d", null, true, "default-d"),
        new VariableDefinition("e", Binding.parse("cf.plan"), true, "default-e"));
    Map<String, String> statics = Map.of("a", "static-a", "b", "static-b", "c", "static-c");
    Map<String, String> runtime = new LinkedHashMap<>();
    runtime.put("a", "runtime-a");
    runtime.put("b", "");

    Resolution r = resolve(request(runtime), facts(campaign(false, statics, variables, null), ADA, true, List.of(),
        Map.of("Plan", "audience-plan")));

    assertThat(r.status()).isEqualTo(ResolutionStatus.READY);
    assertThat(r.variables()).containsEntry("a", "runtime-a").containsEntry("b", "audience-plan")
        .containsEntry("c", "static-c").containsEntry("d", "default-d").containsEntry("e", "gold");
    assertThat(layers(r)).containsEntry("a", VariableLayer.RUNTIME).containsEntry("b", VariableLayer.AUDIENCE)
        .containsEntry("c", VariableLayer.STATIC).containsEntry("d", VariableLayer.DEFAULT)
        .containsEntry("e", VariableLayer.CONTACT);
    assertThat(r.defaultsUsed()).containsExactly("d");
  }

  @Test
  void shouldLetBlankValuesFallThroughToTheNextLayer() {
    List<VariableDefinition> variables = List.of(new VariableDefinition("plan", Binding.parse("audience.plan"), false, "basic"));

    Resolution r = resolve(request(Map.of("plan", "  ")), facts(campaign(false, Map.of("plan", ""), variables, null),
        ADA, true, List.of(), Map.of(" PLAN ", ""))); // blank runtime, blank audience cell, empty static

    assertThat(r.variables()).containsEntry("plan", "basic");
    assertThat(layers(r)).containsEntry("plan", VariableLayer.DEFAULT);
    assertThat(r.defaultsUsed()).containsExactly("plan");
  }

  @Test
  void shouldMatchAudienceColumnIgnoringCaseWhenNoExactHeader() {
    List<VariableDefinition> variables = List.of(new VariableDefinition("plan", Binding.parse("audience.plan"), true, null));
    Resolution r = resolve(request(Map.of()), facts(campaign(false, Map.of(), variables, null), ADA, true, List.of(),
        Map.of(" Plan ", "Premium")));
    assertThat(r.variables()).containsEntry("plan", "Premium");
    assertThat(r.trace()).contains(new Resolution.Trace("plan", VariableLayer.AUDIENCE, "row.plan"));
  }

  @Test
  void shouldBlockMissingRequiredVariable() {
    List<VariableDefinition> variables = List.of(
        new VariableDefinition("last_name", Binding.parse("contact.last_name"), true, null),
        new VariableDefinition("nickname", null, false, null),
        new VariableDefinition("plan", Binding.parse("cf.unknown"), true, null));

    Resolution r = resolve(request(Map.of()), facts(campaign(false, Map.of(), variables, null), ADA, true, List.of(), null));

    assertThat(r.status()).isEqualTo(ResolutionStatus.BLOCKED_MISSING_VARIABLES);
    assertThat(r.missing()).containsExactly("last_name", "plan");
    assertThat(r.reason()).contains("last_name").contains("plan");
    assertThat(r.variables()).doesNotContainKeys("last_name", "nickname", "plan").containsKey("system.call_id");
  }

  @Test
  void shouldIncludeUndeclaredRuntimeVariablesButNeverReservedNames() {
    Map<String, String> runtime = Map.of("agent_name", "Sam", "system.phone", "+10000000000", "cf.plan", "free");
    Resolution r = resolve(request(runtime), facts(campaign(false, Map.of(), List.of(), null), ADA, true, List.of(), null));

    assertThat(r.variables()).containsEntry("agent_name", "Sam").containsEntry("system.phone", PHONE)
        .containsEntry("cf.plan", "gold");
    assertThat(layers(r)).containsEntry("agent_name", VariableLayer.RUNTIME);
  }

  @Test
  void shouldGateInvalidPhoneFirstThenUnknownCampaignWithoutException() {
    Resolution invalid = Resolver.resolve(request(Map.of()), null, facts(null, null, false, List.of(), null), NOW);
    assertThat(invalid.status()).isEqualTo(ResolutionStatus.BLOCKED_INVALID_REQUEST);
    assertThat(invalid.reason()).startsWith("phone");

    Resolution noCampaign = resolve(request(Map.of()), facts(null, null, false, List.of(), null));
    assertThat(noCampaign.status()).isEqualTo(ResolutionStatus.BLOCKED_UNKNOWN_CAMPAIGN);
    assertThat(noCampaign.reason()).contains("campaign spring");
    assertThat(noCampaign.variables()).isEmpty();
  }

  @Test
  void shouldBlockUnknownContactUnlessCampaignAllowsRawNumbers() {
    CampaignConfig strict = campaign(false, Map.of("offer", "x"), List.of(), null);
    Resolution blocked = resolve(request(Map.of()), facts(strict, null, false, List.of(), null));
    assertThat(blocked.status()).as("unknown contact is gated before DNC readiness")
        .isEqualTo(ResolutionStatus.BLOCKED_UNKNOWN_CONTACT);
    assertThat(blocked.variables()).isEmpty();

    CampaignConfig open = campaign(true, Map.of("offer", "x"), List.of(), null);
    Resolution allowed = resolve(request(Map.of()), facts(open, null, true, List.of(), null));
    assertThat(allowed.status()).isEqualTo(ResolutionStatus.READY);
    assertThat(allowed.variables()).containsEntry("offer", "x").doesNotContainKey("system.contact_id");
  }

  @Test
  void shouldFailClosedWhileDncReadModelIsNotCaughtUp() {
    Resolution r = resolve(request(Map.of()), facts(campaign(false, Map.of(), List.of(), null), ADA, false, List.of(), null));
    assertThat(r.status()).isEqualTo(ResolutionStatus.BLOCKED_DNC_UNCERTAIN);
    assertThat(r.reason()).isEqualTo(DncReadiness.NOT_LOADED);
    assertThat(r.variables()).isEmpty();
  }

  @Test
  void shouldBlockOnActiveWorkspaceOrSameCampaignEntryOnly() {
    CampaignConfig campaign = campaign(false, Map.of(), List.of(), null);
    DncEntry workspace = entry("w", DncEntry.WORKSPACE, null, null, null);
    DncEntry thisCampaign = entry("c", DncEntry.CAMPAIGN, "spring", null, null);
    DncEntry otherCampaign = entry("o", DncEntry.CAMPAIGN, "autumn", null, null);
    DncEntry expired = entry("x", DncEntry.WORKSPACE, null, NOW.minusSeconds(1), null);
    DncEntry removed = entry("r", DncEntry.WORKSPACE, null, null, NOW.minusSeconds(5));

    Resolution byWorkspace = resolve(request(Map.of()), facts(campaign, ADA, true, List.of(thisCampaign, workspace), null));
    assertThat(byWorkspace.status()).isEqualTo(ResolutionStatus.BLOCKED_DNC);
    assertThat(byWorkspace.reason()).contains("workspace scope").contains("CALL_OPT_OUT").contains("reason-w");

    Resolution byCampaign = resolve(request(Map.of()), facts(campaign, ADA, true, List.of(thisCampaign), null));
    assertThat(byCampaign.status()).isEqualTo(ResolutionStatus.BLOCKED_DNC);
    assertThat(byCampaign.reason()).contains("campaign spring scope");

    Resolution notBlocked = resolve(request(Map.of()),
        facts(campaign, ADA, true, List.of(otherCampaign, expired, removed), null));
    assertThat(notBlocked.status()).isEqualTo(ResolutionStatus.READY);
  }

  @Test
  void shouldBlockOutsideCallingWindowWithNextAllowedTime() {
    CallingWindow nineToTen = new CallingWindow(LocalTime.of(9, 0), LocalTime.of(10, 0),
        EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
    CampaignConfig campaign = campaign(false, Map.of("offer", "x"), List.of(), nineToTen);

    Resolution r = resolve(request(Map.of()), facts(campaign, ADA, true, List.of(), null));

    assertThat(r.status()).isEqualTo(ResolutionStatus.BLOCKED_OUTSIDE_WINDOW);
    assertThat(r.nextAllowedAt()).isEqualTo(Instant.parse("2026-11-05T14:00:00Z"));
    assertThat(r.reason()).contains("09:00-10:00").contains("America/New_York");
    assertThat(r.variables()).containsEntry("offer", "x");
  }

  @Test
  void shouldUseIntersectionOfCandidateZonesWhenTimezoneIsAmbiguous() {
    CallingWindow nineToFive = new CallingWindow(LocalTime.of(9, 0), LocalTime.of(17, 0), null);
    CampaignConfig campaign = campaign(false, Map.of(), List.of(), nineToFive);
    ContactSnapshot ambiguous = contact("c-2", null, List.of("America/New_York", "America/Los_Angeles"));

    Resolution r = resolve(request(Map.of()), facts(campaign, ambiguous, true, List.of(), null));

    assertThat(r.status()).as("11:00 in New York but 08:00 in Los Angeles").isEqualTo(ResolutionStatus.BLOCKED_OUTSIDE_WINDOW);
    assertThat(r.nextAllowedAt()).isEqualTo(Instant.parse("2026-11-04T17:00:00Z"));
    assertThat(r.reason()).contains("every candidate time zone");
    assertThat(r.variables()).doesNotContainKey("system.local_time");
  }

  @Test
  void shouldBlockContactWithoutAnyTimezoneOnlyWhenWindowConfigured() {
    ContactSnapshot noZone = contact("c-3", null, List.of());
    CallingWindow window = new CallingWindow(LocalTime.of(0, 0), LocalTime.of(23, 59), null);

    Resolution withWindow = resolve(request(Map.of()), facts(campaign(false, Map.of(), List.of(), window), noZone, true,
        List.of(), null));
    assertThat(withWindow.status()).as("not an outside-window answer: there is no next allowed time")
        .isEqualTo(ResolutionStatus.BLOCKED_OTHER);
    assertThat(withWindow.reason()).contains("no time zone").contains("fallbackTimezone");
    assertThat(withWindow.nextAllowedAt()).isNull();

    Resolution withoutWindow = resolve(request(Map.of()), facts(campaign(false, Map.of(), List.of(), null), noZone, true,
        List.of(), null));
    assertThat(withoutWindow.status()).isEqualTo(ResolutionStatus.READY);
  }

  @Test
  void shouldPlaceRawNumberInTimeByItsPhoneZones() {
    CampaignConfig campaign = campaign(false, Map.of(), List.of(), null);
    assertThat(Resolver.placement(null, PARSED, campaign))
        .isEqualTo(new TimezonePlacement(List.of(ZoneId.of("America/Los_Angeles")), TimezonePlacement.Basis.PHONE));
    assertThat(Resolver.placement(ADA, PARSED, campaign))
        .isEqualTo(new TimezonePlacement(List.of(ZoneId.of("America/New_York")), TimezonePlacement.Basis.CONTACT));
  }

  @Test
  void shouldReportWindowBeforeMissingVariables() {
    CallingWindow nineToTen = new CallingWindow(LocalTime.of(9, 0), LocalTime.of(10, 0), null);
    CampaignConfig campaign = campaign(false, Map.of(),
        List.of(new VariableDefinition("plan", null, true, null)), nineToTen);

    Resolution r = resolve(request(Map.of()), facts(campaign, ADA, true, List.of(), null));

    assertThat(r.status()).isEqualTo(ResolutionStatus.BLOCKED_OUTSIDE_WINDOW);
    assertThat(r.missing()).containsExactly("plan");
  }

  @Test
  void shouldBlockRequiredVariableInsteadOfUsingItsDefaultUnderBlockPolicy() {
    List<VariableDefinition> variables = List.of(
        new VariableDefinition("plan", VariableType.TEXT, Binding.parse("row.Plan"), true, "basic"),
        new VariableDefinition("tone", VariableType.TEXT, null, false, "friendly"));
    CampaignConfig blocking = config(variables, null, null, MissingRequiredPolicy.BLOCK);
    CampaignConfig lenient = config(variables, null, null, MissingRequiredPolicy.USE_DEFAULT);

    Resolution blocked = resolve(request(Map.of()), facts(blocking, ADA, true, List.of(), null));
    assertThat(blocked.status()).isEqualTo(ResolutionStatus.BLOCKED_MISSING_VARIABLES);
    assertThat(blocked.missing()).containsExactly("plan");
    assertThat(blocked.variables()).as("optional variables still use their default").containsEntry("tone", "friendly");

    Resolution ready = resolve(request(Map.of()), facts(lenient, ADA, true, List.of(), null));
    assertThat(ready.status()).isEqualTo(ResolutionStatus.READY);
    assertThat(ready.variables()).containsEntry("plan", "basic");
    assertThat(ready.defaultsUsed()).containsExactly("plan", "tone");
  }

  @Test
  void shouldResolveStaticBindingBelowRuntimeAndAboveDefault() {
    List<VariableDefinition> variables = List.of(
        new VariableDefinition("offer", VariableType.TEXT, Binding.staticValue("20% off"), true, "10% off"),
        new VariableDefinition("greeting", VariableType.TEXT, Binding.staticValue("Hello"), true, null));
    CampaignConfig campaign = config(variables, null, null, MissingRequiredPolicy.BLOCK);

    Resolution r = resolve(request(Map.of("greeting", "Hi")), facts(campaign, ADA, true, List.of(), null));

    assertThat(r.variables()).containsEntry("offer", "20% off").containsEntry("greeting", "Hi");
    assertThat(r.trace()).contains(new Resolution.Trace("offer", VariableLayer.STATIC, "static binding"),
        new Resolution.Trace("greeting", VariableLayer.RUNTIME, "runtimeVariables.greeting"));
  }

  @Test
  void shouldSkipValuesThatDoNotFitTheTypeAndSayWhich() {
    List<VariableDefinition> variables = List.of(
        new VariableDefinition("seats", VariableType.NUMBER, Binding.parse("row.Seats"), true, "1"),
        new VariableDefinition("vip", VariableType.BOOLEAN, Binding.parse("cf.plan"), true, null),
        new VariableDefinition("score", VariableType.NUMBER, Binding.parse("cf.score"), false, null));
    CampaignConfig campaign = config(variables, null, null, MissingRequiredPolicy.USE_DEFAULT);

    Resolution r = resolve(request(Map.of("seats", "lots")), facts(campaign, ADA, true, List.of(),
        Map.of("Seats", "12.0")));

    assertThat(r.variables()).containsEntry("seats", "12").containsEntry("score", "4.5").doesNotContainKey("vip");
    assertThat(r.trace()).contains(new Resolution.Trace("seats", VariableLayer.AUDIENCE,
        "row.Seats (skipped: runtimeVariables.seats 'lots' is not a NUMBER)"));
    assertThat(r.status()).isEqualTo(ResolutionStatus.BLOCKED_MISSING_VARIABLES);
    assertThat(r.missing()).containsExactly("vip");
    assertThat(r.reason()).contains("vip (cf.plan 'gold' is not a BOOLEAN)");
  }

  @Test
  void shouldUseFallbackTimezoneForContactWithoutOne() {
    CallingWindow nineToFive = new CallingWindow(LocalTime.of(9, 0), LocalTime.of(17, 0), null);
    ContactSnapshot noZone = contact("c-4", null, List.of());
    CampaignConfig chicago = config(List.of(), nineToFive, ZoneId.of("America/Chicago"), MissingRequiredPolicy.BLOCK);
    CampaignConfig tokyo = config(List.of(), nineToFive, ZoneId.of("Asia/Tokyo"), MissingRequiredPolicy.BLOCK);

    Resolution inChicago = resolve(request(Map.of()), facts(chicago, noZone, true, List.of(), null));
    assertThat(inChicago.status()).as("10:00 in Chicago").isEqualTo(ResolutionStatus.READY);
    assertThat(inChicago.variables()).containsEntry("system.local_time", "2026-11-04T10:00:00");
    assertThat(inChicago.trace()).contains(new Resolution.Trace("system.local_time", VariableLayer.SYSTEM,
        "local time in America/Chicago (campaign fallback time zone)"));

    Resolution inTokyo = resolve(request(Map.of()), facts(tokyo, noZone, true, List.of(), null));
    assertThat(inTokyo.status()).as("01:00 in Tokyo").isEqualTo(ResolutionStatus.BLOCKED_OUTSIDE_WINDOW);
    assertThat(inTokyo.nextAllowedAt()).isEqualTo(Instant.parse("2026-11-05T00:00:00Z"));
    assertThat(inTokyo.reason()).contains("fallback time zone Asia/Tokyo");
    assertThat(Resolver.placement(noZone, PARSED, tokyo).unknown()).isTrue();
  }

  @Test
  void shouldIgnoreTimezoneWhoseSourceIsUnknown() {
    ContactSnapshot guessed = new ContactSnapshot("c-5", "ws", PHONE, null, "Ada", null, null, null, null,
        "America/New_York", "UNKNOWN", List.of(), List.of(), Map.of(), 1);
    CampaignConfig campaign = config(List.of(), CallingWindow.DEFAULT, ZoneId.of("Europe/Paris"), MissingRequiredPolicy.BLOCK);
    assertThat(Resolver.placement(guessed, PARSED, campaign))
        .isEqualTo(new TimezonePlacement(List.of(ZoneId.of("Europe/Paris")), TimezonePlacement.Basis.FALLBACK));
  }

  @Test
  void shouldBlockWithoutNextAllowedTimeWhenCandidateZonesNeverShareTheWindow() {
    CallingWindow nineToNoon = new CallingWindow(LocalTime.of(9, 0), LocalTime.of(12, 0), null);
    ContactSnapshot tollFree = contact("c-6", null, List.of("America/New_York", "Asia/Tokyo"));

    Resolution r = resolve(request(Map.of()), facts(config(List.of(), nineToNoon, null, MissingRequiredPolicy.BLOCK),
        tollFree, true, List.of(), null));

    assertThat(r.status()).isEqualTo(ResolutionStatus.BLOCKED_OTHER);
    assertThat(r.nextAllowedAt()).isNull();
    assertThat(r.reason()).contains("never open").contains("Asia/Tokyo");
  }

  @Test
  void shouldAlwaysGiveNextAllowedAtWhenOutsideWindow() {
    for (int hour = 0; hour < 24; hour++) {
      Instant at = NOW.plusSeconds(hour * 3600L);
      Resolution r = Resolver.resolve(request(Map.of()), PARSED,
          facts(config(List.of(), CallingWindow.DEFAULT, null, MissingRequiredPolicy.BLOCK), ADA, true, List.of(), null), at);
      if (r.status() == ResolutionStatus.BLOCKED_OUTSIDE_WINDOW) {
        assertThat(r.nextAllowedAt()).as("at %s", at).isAfter(at);
      } else {
        assertThat(r.status()).isEqualTo(ResolutionStatus.READY);
      }
    }
  }

  @Test
  void shouldAnswerExpiredWhenCallStartIsOlderThanMaxAge() {
    ResolutionRequest stale = callStart(NOW.minusMillis(95_500), Duration.ofSeconds(60));

    Resolution r = resolve(stale, facts(campaign(false, Map.of("offer", "x"), List.of(), null), ADA, true, List.of(), null));

    assertThat(r.status()).isEqualTo(ResolutionStatus.EXPIRED);
    assertThat(r.reason()).isEqualTo("call-start is 95.5 s old (occurredAt 2026-11-04T15:58:24.500Z, resolved "
        + "2026-11-04T16:00:00Z), over the maximum age of 60 s: the moment to call has passed; send a new call-start to call");
    assertThat(r.callId()).isEqualTo("call-1");
    assertThat(r.phoneE164()).isEqualTo(PHONE);
    assertThat(r.variables()).isEmpty();
    assertThat(r.nextAllowedAt()).isNull();
  }

  @Test
  void shouldNotExpireAFreshCallStartNorOneExactlyAtMaxAgeNorOneStampedAhead() {
    CampaignConfig campaign = campaign(false, Map.of("offer", "x"), List.of(), null);
    for (Instant occurredAt : List.of(NOW.minusSeconds(1), NOW.minusSeconds(60), NOW.plusSeconds(5))) {
      Resolution r = resolve(callStart(occurredAt, Duration.ofSeconds(60)), facts(campaign, ADA, true, List.of(), null));
      assertThat(r.status()).as("occurredAt %s", occurredAt).isEqualTo(ResolutionStatus.READY);
    }
  }

  @Test
  void shouldCheckExpiryBeforeEveryOtherGateAndNeverAnswerReadyForAnExpiredCallStart() {
    ResolutionRequest stale = callStart(NOW.minusSeconds(120), Duration.ofSeconds(60));
    CampaignConfig campaign = campaign(false, Map.of(), List.of(), null);
    DncEntry onDnc = entry("w", DncEntry.WORKSPACE, null, null, null);

    assertThat(Resolver.resolve(stale, null, facts(null, null, false, List.of(), null), NOW).status())
        .as("before the invalid number").isEqualTo(ResolutionStatus.EXPIRED);
    assertThat(resolve(stale, facts(null, null, false, List.of(), null)).status())
        .as("before the unknown campaign").isEqualTo(ResolutionStatus.EXPIRED);
    assertThat(resolve(stale, facts(campaign, ADA, false, List.of(), null)).status())
        .as("before the DNC uncertainty").isEqualTo(ResolutionStatus.EXPIRED);
    assertThat(resolve(stale, facts(campaign, ADA, true, List.of(onDnc), null)).status())
        .as("before DNC").isEqualTo(ResolutionStatus.EXPIRED);
    assertThat(resolve(stale, facts(campaign, ADA, true, List.of(), null)).status())
        .as("never READY").isEqualTo(ResolutionStatus.EXPIRED);
    assertThat(Resolver.failure(stale, "state unreadable", NOW).status())
        .as("before the fail-closed failure").isEqualTo(ResolutionStatus.EXPIRED);
    assertThat(Resolver.failure(callStart(NOW, Duration.ofSeconds(60)), "state unreadable", NOW).status())
        .isEqualTo(ResolutionStatus.BLOCKED_OTHER);
    assertThat(resolve(request(Map.of()), facts(campaign, ADA, true, List.of(onDnc), null)).status())
        .as("the same call as a preview (no occurredAt) is judged on its merits").isEqualTo(ResolutionStatus.BLOCKED_DNC);
  }

  static ResolutionRequest callStart(Instant occurredAt, Duration maxAge) {
    return new ResolutionRequest("ws", "call-1", "event-1", "spring", "(415) 555-2671", null, Map.of(), occurredAt,
        maxAge);
  }

  static CampaignConfig config(List<VariableDefinition> variables, CallingWindow window, ZoneId fallback,
                               MissingRequiredPolicy policy) {
    return new CampaignConfig("ws", "spring", false, Map.of(), variables, window, fallback, policy, NOW);
  }

  static Map<String, VariableLayer> layers(Resolution r) {
    Map<String, VariableLayer> layers = new LinkedHashMap<>();
    r.trace().forEach(t -> layers.put(t.name(), t.layer()));
    return layers;
  }

  static Resolution resolve(ResolutionRequest request, ResolutionFacts facts) {
    return Resolver.resolve(request, PARSED, facts, NOW);
  }

  static ResolutionRequest request(Map<String, String> runtime) {
    return new ResolutionRequest("ws", "call-1", "event-1", "spring", "(415) 555-2671", null, runtime);
  }

  static ResolutionFacts facts(CampaignConfig campaign, ContactSnapshot contact, boolean dncReady,
                               List<DncEntry> entries, Map<String, String> audience) {
    return new ResolutionFacts(campaign, contact, dncReady ? null : DncReadiness.NOT_LOADED, entries, audience);
  }

  static CampaignConfig campaign(boolean allowUnknown, Map<String, String> statics, List<VariableDefinition> variables,
                                 CallingWindow window) {
    return new CampaignConfig("ws", "spring", allowUnknown, statics, variables, window, NOW);
  }

  static DncEntry entry(String id, String scope, String campaignId, Instant expiresAt, Instant removedAt) {
    return new DncEntry(scope, campaignId, "CALL_OPT_OUT", "reason-" + id, NOW.minusSeconds(3600), expiresAt,
        removedAt);
  }

  static ContactSnapshot contact(String id, String timezone, List<String> candidates) {
    Map<String, Object> custom = new LinkedHashMap<>();
    custom.put("plan", "gold");
    custom.put("seats", 3L);
    custom.put("score", 4.50d);
    custom.put("empty", null);
    return new ContactSnapshot(id, "ws", PHONE, null, "Ada", null, null, "Analytical Engines", "US", timezone,
        timezone == null ? "UNKNOWN" : "PROVIDED", candidates, List.of("vip", "beta"), custom, 1);
  }
}
