package io.contactsplatform.resolver.resolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.contactsplatform.events.call.start.CallStart;
import io.contactsplatform.events.call.variables.AgentVariables;
import io.contactsplatform.events.call.variables.ResolutionStatus;
import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.events.contact.change.ContactState;
import io.contactsplatform.events.contact.change.TimezoneSource;
import io.contactsplatform.resolver.campaign.CampaignStore;
import io.contactsplatform.resolver.state.StateFacts;
import io.contactsplatform.resolver.state.StateQueries;
import io.contactsplatform.schemas.SingleObjectEventCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The shared resolution path with the campaign store and the state replaced by mocks (no Kafka, no MongoDB). */
class VariableResolutionTest {

  static final SingleObjectEventCodec CODEC = new SingleObjectEventCodec();

  CampaignStore campaigns = mock(CampaignStore.class);
  StateQueries state = mock(StateQueries.class);
  SimpleMeterRegistry registry = new SimpleMeterRegistry();
  VariableResolution resolution = new VariableResolution(campaigns, state, registry,
      Clock.fixed(ResolverTest.NOW, ZoneOffset.UTC), new CallStartProperties(Duration.ofSeconds(60)));

  static byte[] ada(String contactId) {
    return CODEC.encode(ContactChange.newBuilder().setEventId(UUID.randomUUID()).setWorkspaceId("ws")
        .setOccurredAt(ResolverTest.NOW).setSource("contact-service").setContactId(contactId).setVersion(1)
        .setContact(ContactState.newBuilder().setPhoneE164(ResolverTest.PHONE).setFirstName("Ada")
            .setTimezone("America/New_York").setTimezoneSource(TimezoneSource.PROVIDED)
            .setTimezoneCandidates(List.of("America/New_York"))
            .setCreatedAt(ResolverTest.NOW).setUpdatedAt(ResolverTest.NOW).build())
        .build());
  }

  void facts(StateFacts facts) {
    when(state.phones(eq("ws"), any(), any(), anyString())).thenReturn(Mono.just(Map.of(ResolverTest.PHONE, facts)));
  }

  @BeforeEach
  void campaign() {
    SingleObjectEventCodec.trustEventClasses();
    when(campaigns.find("ws", "spring")).thenReturn(Mono.just(ResolverTest.campaign(false, Map.of("offer", "x"),
        List.of(), null)));
  }

  @Test
  void shouldFailClosedWhileTheNumbersDncStateIsNotTrusted() {
    facts(new StateFacts(ada("c-1"), null, null, "DNC state not loaded yet", null));
    Resolution before = resolution.resolve(ResolverTest.request(Map.of()), ResolverTest.NOW, "Bearer k").block();
    assertThat(before.status()).isEqualTo(ResolutionStatus.BLOCKED_DNC_UNCERTAIN);
    assertThat(before.reason()).isEqualTo("DNC state not loaded yet");

    facts(new StateFacts(ada("c-1"), null, null, null, null));
    Resolution after = resolution.resolve(ResolverTest.request(Map.of()), ResolverTest.NOW, "Bearer k").block();
    assertThat(after.status()).isEqualTo(ResolutionStatus.READY);
    assertThat(registry.counter("platform.resolver.resolutions", "status", "BLOCKED_DNC_UNCERTAIN").count()).isEqualTo(1);
  }

  @Test
  void shouldBlockWhileTheStateCannotBeRead() {
    facts(StateFacts.unavailable(StateQueries.NOT_RUNNING));
    Resolution r = resolution.resolve(ResolverTest.request(Map.of()), ResolverTest.NOW, "Bearer k").block();
    assertThat(r.status()).isEqualTo(ResolutionStatus.BLOCKED_OTHER);
    assertThat(r.reason()).isEqualTo(StateQueries.NOT_RUNNING);
  }

  @Test
  void shouldNotResolveTheNumbersHolderWhenTheCallNamesAnotherContact() {
    facts(new StateFacts(ada("c-1"), null, null, null, null));
    ResolutionRequest request = new ResolutionRequest("ws", "call-1", null, "spring", ResolverTest.PHONE, "c-9", Map.of());

    Resolution r = resolution.resolve(request, ResolverTest.NOW, "Bearer k").block();

    assertThat(r.status()).isEqualTo(ResolutionStatus.BLOCKED_UNKNOWN_CONTACT);
    assertThat(r.contactId()).isEqualTo("c-9");
  }

  @Test
  void shouldAnswerACallStartFromTheFactsOfItsTask() {
    CallStart start = callStart("call-1");

    AgentVariables answer = resolution.answer(start, new StateFacts(ada("c-1"), null, null, null, null));

    assertThat(answer.getStatus()).isEqualTo(ResolutionStatus.READY);
    assertThat(answer.getCallStartEventId()).isEqualTo(start.getEventId().toString());
    assertThat(answer.getContactId()).isEqualTo("c-1");
    assertThat(answer.getVariables()).containsEntry("offer", "x");
  }

  @Test
  void shouldAnswerBlockedOtherWhenTheCampaignCannotBeRead() {
    when(campaigns.find("ws", "spring")).thenReturn(Mono.error(new IllegalStateException("store down")));

    AgentVariables answer = resolution.answer(callStart("call-2"), new StateFacts(ada("c-1"), null, null, null, null));

    assertThat(answer.getStatus()).isEqualTo(ResolutionStatus.BLOCKED_OTHER);
    assertThat(answer.getReason()).contains("must not start");
  }

  @Test
  void shouldAnswerAnUnparseableNumberWithoutReadingState() {
    CallStart start = CallStart.newBuilder(callStart("call-3")).setPhone("not a number").build();

    AgentVariables answer = resolution.answer(start, null);

    assertThat(answer.getStatus()).isEqualTo(ResolutionStatus.BLOCKED_INVALID_REQUEST);
  }

  @Test
  void shouldCountDuplicateCallStarts() {
    AgentVariables earlier = resolution.answer(callStart("call-4"), new StateFacts(ada("c-1"), null, null, null, null));
    resolution.duplicate(callStart("call-4"), earlier);
    assertThat(registry.counter("platform.resolver.duplicate.call.starts").count()).isEqualTo(1);
  }

  static CallStart callStart(String callId) {
    return CallStart.newBuilder().setEventId(UUID.randomUUID()).setWorkspaceId("ws").setOccurredAt(ResolverTest.NOW)
        .setSource("dialer").setCallId(callId).setCampaignId("spring").setPhone(ResolverTest.PHONE).build();
  }
}
