package io.contactsplatform.resolver.resolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.contactsplatform.events.call.start.CallStart;
import io.contactsplatform.events.call.variables.AgentVariables;
import io.contactsplatform.events.call.variables.ResolutionStatus;
import io.contactsplatform.resolver.campaign.CampaignConfig;
import io.contactsplatform.resolver.campaign.CampaignStore;
import io.contactsplatform.resolver.readmodel.AudienceRowStore;
import io.contactsplatform.resolver.readmodel.ContactReadModel;
import io.contactsplatform.resolver.readmodel.ContactViewLoad;
import io.contactsplatform.resolver.readmodel.DncReadModel;
import io.contactsplatform.resolver.readmodel.DncReadiness;
import io.contactsplatform.schemas.InvalidEventException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The shared resolution path with its stores replaced by mocks (no Kafka, no MongoDB). */
class VariableResolutionTest {

  CampaignStore campaigns = mock(CampaignStore.class);
  ContactReadModel contacts = mock(ContactReadModel.class);
  DncReadModel dnc = mock(DncReadModel.class);
  DncReadiness readiness = mock(DncReadiness.class);
  ContactViewLoad contactLoad = mock(ContactViewLoad.class);
  AudienceRowStore audience = mock(AudienceRowStore.class);
  AgentVariablesEvents events = mock(AgentVariablesEvents.class);
  AnswerStore answers = mock(AnswerStore.class);
  SimpleMeterRegistry registry = new SimpleMeterRegistry();
  VariableResolution resolution = new VariableResolution(campaigns, contacts, dnc, readiness, contactLoad, audience, events,
      answers, registry, Clock.fixed(ResolverTest.NOW, ZoneOffset.UTC), new CallStartProperties(Duration.ofSeconds(60)));

  @BeforeEach
  void facts() {
    when(campaigns.find("ws", "spring")).thenReturn(Mono.just(ResolverTest.campaign(false, Map.of("offer", "x"),
        List.of(), null)));
    when(contactLoad.isLoaded()).thenReturn(true);
    when(contacts.byPhoneNow("ws", ResolverTest.PHONE)).thenReturn(ResolverTest.ADA);
    when(dnc.entriesNow("ws", ResolverTest.PHONE)).thenReturn(List.of());
    when(audience.columns(anyString(), anyString(), anyString())).thenReturn(Mono.empty());
    when(events.publish(any(), anyBoolean())).thenReturn(Mono.empty());
    when(answers.find(anyString(), anyString(), anyBoolean())).thenReturn(Mono.empty());
  }

  @Test
  void shouldFailClosedUntilDncReadModelIsTrusted() {
    when(readiness.uncertainty()).thenReturn("DNC state not loaded yet");
    Resolution before = resolution.resolve(ResolverTest.request(Map.of())).block();
    assertThat(before.status()).isEqualTo(ResolutionStatus.BLOCKED_DNC_UNCERTAIN);
    assertThat(before.reason()).isEqualTo("DNC state not loaded yet");

    when(readiness.uncertainty()).thenReturn(null);
    Resolution after = resolution.resolve(ResolverTest.request(Map.of())).block();
    assertThat(after.status()).isEqualTo(ResolutionStatus.READY);
    assertThat(registry.counter("platform.resolver.resolutions", "status", "BLOCKED_DNC_UNCERTAIN").count()).isEqualTo(1);
  }

  @Test
  void shouldReadDncReadinessBeforeDncEntries() {
    resolution.resolve(ResolverTest.request(Map.of())).block();
    InOrder order = inOrder(readiness, dnc);
    order.verify(readiness).uncertainty();
    order.verify(dnc).entriesNow("ws", ResolverTest.PHONE);
  }

  @Test
  void shouldLookUpByContactIdWhenGiven() {
    when(contacts.byIdNow("ws", "c-9")).thenReturn(null);
    ResolutionRequest request = new ResolutionRequest("ws", "call-1", null, "spring", ResolverTest.PHONE, "c-9", Map.of());

    Resolution r = resolution.resolve(request).block();

    assertThat(r.status()).isEqualTo(ResolutionStatus.BLOCKED_UNKNOWN_CONTACT);
    assertThat(r.contactId()).isEqualTo("c-9");
    verify(contacts, never()).byPhoneNow(anyString(), anyString());
  }

  @Test
  void shouldRememberTheAnswerOnlyAfterItIsPublished() {
    CallStart start = callStart("call-1");

    StepVerifier.create(resolution.answer(start, null).then()).verifyComplete();

    ArgumentCaptor<AgentVariables> answer = ArgumentCaptor.forClass(AgentVariables.class);
    InOrder order = inOrder(answers, events);
    order.verify(answers).find("ws", "call-1", true);
    order.verify(events).publish(answer.capture(), eq(true));
    order.verify(answers).remember(answer.getValue(), null);
    assertThat(answer.getValue().getStatus()).isEqualTo(ResolutionStatus.READY);
    assertThat(answer.getValue().getCallStartEventId()).isEqualTo(start.getEventId().toString());
  }

  @Test
  void shouldPublishOnTheCallersThreadUnlessAStoreReadLeftIt() {
    // as a store read does: the earlier answer's lookup completes later, on another thread
    when(answers.find("ws", "call-9", true)).thenReturn(Mono.delay(java.time.Duration.ofMillis(50))
        .then(Mono.<AnswerStore.Answered>empty()));

    StepVerifier.create(resolution.answer(callStart("call-8"), new CallStartDelivery("call-starts", 0, 7, false))
        .then()).verifyComplete();
    StepVerifier.create(resolution.answer(callStart("call-9"), new CallStartDelivery("call-starts", 0, 8, true))
        .then()).verifyComplete();

    ArgumentCaptor<AgentVariables> answer = ArgumentCaptor.forClass(AgentVariables.class);
    verify(events).publish(answer.capture(), eq(true));
    assertThat(answer.getValue().getCallId()).isEqualTo("call-8");
    verify(events).publish(argThat(a -> a.getCallId().equals("call-9")), eq(false));
  }

  @Test
  void shouldHandThePublishOffWhenTheCampaignHadToBeReadFromTheStore() {
    CampaignConfig campaign = campaigns.find("ws", "spring").block();
    when(campaigns.find("ws", "spring")).thenReturn(Mono.delay(java.time.Duration.ofMillis(50)).thenReturn(campaign));

    StepVerifier.create(resolution.answer(callStart("call-10"), new CallStartDelivery("call-starts", 0, 9, false))
        .then()).verifyComplete();

    verify(events).publish(argThat(a -> a.getCallId().equals("call-10")), eq(false));
  }

  @Test
  void shouldNotAnswerAgainForDuplicateCallStart() {
    when(answers.find("ws", "call-2", true)).thenReturn(Mono.just(new AnswerStore.Answered("event-1", "READY")));

    StepVerifier.create(resolution.answer(callStart("call-2"), null).then()).verifyComplete();

    verify(events, never()).publish(any(), anyBoolean());
    verify(answers, never()).remember(any(), any());
    assertThat(registry.counter("platform.resolver.duplicate.call.starts").count()).isEqualTo(1);
  }

  @Test
  void shouldStillAnswerWhenEarlierAnswersCannotBeRead() {
    when(answers.find("ws", "call-4", true)).thenReturn(Mono.error(new IllegalStateException("store down")));

    StepVerifier.create(resolution.answer(callStart("call-4"), null).then()).verifyComplete();

    verify(events).publish(any(), anyBoolean());
  }

  @Test
  void shouldNotRememberAnAnswerThatCouldNotBePublished() {
    when(events.publish(any(), anyBoolean())).thenReturn(Mono.error(new IllegalStateException("broker down")));

    StepVerifier.create(resolution.answer(callStart("call-5"), null).then()).verifyError(IllegalStateException.class);

    verify(answers, never()).remember(any(), any());
  }

  @Test
  void shouldAnswerEveryCallStartAndFailClosedWhenStoreIsUnreadable() {
    when(campaigns.find("ws", "spring")).thenReturn(Mono.error(new IllegalStateException("store down")));
    CallStart start = callStart("call-7");

    StepVerifier.create(resolution.answer(start, null).then()).verifyComplete();

    ArgumentCaptor<AgentVariables> answer = ArgumentCaptor.forClass(AgentVariables.class);
    verify(events).publish(answer.capture(), anyBoolean());
    assertThat(answer.getValue().getStatus()).isEqualTo(ResolutionStatus.BLOCKED_OTHER);
    assertThat(answer.getValue().getCallId()).isEqualTo("call-7");
    assertThat(answer.getValue().getCallStartEventId()).isEqualTo(start.getEventId().toString());
  }

  @Test
  void shouldRejectCallStartWithoutCallIdAsContractBreaking() {
    StepVerifier.create(resolution.answer(callStart(" "), null).then()).verifyError(InvalidEventException.class);
    verify(events, never()).publish(any(), anyBoolean());
  }

  @Test
  void shouldBlockEveryCallUntilTheContactViewHasLoaded() {
    when(contactLoad.isLoaded()).thenReturn(false);

    Resolution r = resolution.resolve(ResolverTest.request(Map.of())).block();

    assertThat(r.status()).isEqualTo(ResolutionStatus.BLOCKED_OTHER);
    assertThat(r.reason()).isEqualTo(ContactViewLoad.NOT_LOADED);
    verify(contacts, never()).byPhoneNow(anyString(), anyString());
  }

  @Test
  void shouldAnswerExpiredForACallStartOlderThanMaxAgeEvenWhileTheContactViewLoads() {
    when(contactLoad.isLoaded()).thenReturn(false);
    CallStart stale = CallStart.newBuilder(callStart("call-11")).setOccurredAt(ResolverTest.NOW.minusSeconds(61)).build();
    CallStart fresh = CallStart.newBuilder(callStart("call-12")).setOccurredAt(ResolverTest.NOW.minusSeconds(59)).build();

    StepVerifier.create(resolution.answer(stale, null).then()).verifyComplete();
    StepVerifier.create(resolution.answer(fresh, null).then()).verifyComplete();

    ArgumentCaptor<AgentVariables> answer = ArgumentCaptor.forClass(AgentVariables.class);
    verify(events, org.mockito.Mockito.times(2)).publish(answer.capture(), anyBoolean());
    assertThat(answer.getAllValues().get(0).getStatus()).isEqualTo(ResolutionStatus.EXPIRED);
    assertThat(answer.getAllValues().get(0).getReason()).contains("61 s old").contains("maximum age of 60 s");
    assertThat(answer.getAllValues().get(1).getStatus()).as("fresh: waits on the state as before")
        .isEqualTo(ResolutionStatus.BLOCKED_OTHER);
    assertThat(registry.counter("platform.resolver.resolutions", "status", "EXPIRED").count()).isEqualTo(1);
  }

  @Test
  void shouldNeverExpireAPreview() {
    Resolution r = resolution.resolve(ResolverTest.request(Map.of()), ResolverTest.NOW.plus(Duration.ofDays(30))).block();

    assertThat(r.status()).isNotEqualTo(ResolutionStatus.EXPIRED);
  }

  @Test
  void shouldPassOnWhetherTheCallStartMayBeARedelivery() {
    StepVerifier.create(resolution.answer(callStart("call-8"), new CallStartDelivery("call-starts", 0, 5, false)))
        .expectNextCount(1).verifyComplete();

    verify(answers).find("ws", "call-8", false);
  }

  static CallStart callStart(String callId) {
    return CallStart.newBuilder().setEventId(UUID.randomUUID()).setWorkspaceId("ws").setOccurredAt(ResolverTest.NOW)
        .setSource("dialer").setCallId(callId).setCampaignId("spring").setPhone(ResolverTest.PHONE).build();
  }
}
