package io.contactsplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.contactsplatform.dialer.DialerClient;
import io.contactsplatform.events.call.start.CallStart;
import io.contactsplatform.events.call.variables.AgentVariables;
import io.contactsplatform.events.call.variables.ResolutionStatus;
import io.contactsplatform.localstack.LocalStack;
import io.contactsplatform.localstack.StackConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton's flow across all four services, started as real processes by the local
 * stack (the same launcher {@code ./run.sh} uses) on a real KRaft broker and an on-disk store:
 * CSV import → contacts → DNC → campaign variables → call-starts answered READY and BLOCKED_DNC,
 * and the synchronous preview agreeing with both. Runs on the {@link SharedStack}.
 */
class ThinFlowIT {

  private static final String CAMPAIGN = "spring-promo";
  private static final String ADA = "+14155550132";
  private static final String GRACE = "+12125550187";
  private static final String CSV = """
      phone,first_name,company
      (415) 555-0132,Ada,Analytical Engines
      212-555-0187,Grace,Compilers Inc
      +1 312 555 0143,Alan,Bletchley Park
      """;

  private static LocalStack stack;
  private static final PlatformHttp demo = new PlatformHttp("demo-key");
  private static final PlatformHttp demo2 = new PlatformHttp("demo2-key");

  @BeforeAll
  static void startStack() {
    stack = SharedStack.get();
  }

  @Test
  void shouldImportContactsBlockDncNumberAndResolveVariablesForACall() {
    PlatformHttp.Response started = demo.postCsv(stack.url(StackConfig.IMPORT) + "/v1/imports", "leads.csv", CSV,
        "{\"mapping\":{\"phone\":\"phone\",\"first_name\":\"first_name\",\"company\":\"company\"}}");
    assertThat(started.status()).as(started.body()).isEqualTo(202);
    String importId = JsonPath.read(started.body(), "$.importId");

    String job = eventually(() -> demo.get(stack.url(StackConfig.IMPORT) + "/v1/imports/" + importId).body(),
        body -> "COMPLETED".equals(JsonPath.read(body, "$.status")));
    assertThat((Integer) JsonPath.read(job, "$.created")).isEqualTo(3);

    String contacts = demo.get(stack.url(StackConfig.CONTACT) + "/v1/contacts").body();
    // the stack is shared: other tests' contacts may be there too
    assertThat(JsonPath.<List<String>>read(contacts, "$.items[*].phone")).contains(ADA, GRACE, "+13125550143");
    assertThat(JsonPath.<List<String>>read(demo2.get(stack.url(StackConfig.CONTACT) + "/v1/contacts").body(),
        "$.items[*].phone")).isEmpty();

    PlatformHttp.Response dnc = demo.post(stack.url(StackConfig.DNC) + "/v1/dnc",
        "{\"phone\":\"212-555-0187\",\"reason\":\"asked not to be called\"}");
    assertThat(dnc.status()).as(dnc.body()).isEqualTo(201);

    PlatformHttp.Response campaign = demo.put(stack.url(StackConfig.RESOLVER) + "/v1/campaigns/" + CAMPAIGN + "/variables",
        "{\"staticVariables\":{\"offer\":\"20% off\"},"
            + "\"variables\":[{\"name\":\"first_name\",\"binding\":\"contact.first_name\",\"required\":true}]}");
    assertThat(campaign.status()).as(campaign.body()).isEqualTo(200);

    String preview = eventually(() -> resolve(ADA), body -> "READY".equals(JsonPath.read(body, "$.status")));
    assertThat((String) JsonPath.read(preview, "$.variables.first_name")).isEqualTo("Ada");
    eventually(() -> resolve(GRACE), body -> "BLOCKED_DNC".equals(JsonPath.read(body, "$.status")));

    try (DialerClient dialer = new DialerClient(stack.bootstrapServers())) {
      AgentVariables ready = dialer.call(callStart(ADA), Duration.ofSeconds(30)).orElseThrow();
      assertThat(ready.getStatus()).isEqualTo(ResolutionStatus.READY);
      assertThat(ready.getVariables())
          .containsEntry("first_name", "Ada")
          .containsEntry("contact.company", "Analytical Engines")
          .containsEntry("offer", "20% off");

      AgentVariables blocked = dialer.call(callStart(GRACE), Duration.ofSeconds(30)).orElseThrow();
      assertThat(blocked.getStatus()).isEqualTo(ResolutionStatus.BLOCKED_DNC);
      assertThat(blocked.getVariables()).doesNotContainKey("first_name");
    }
  }

  private static String resolve(String phone) {
    return demo.post(stack.url(StackConfig.RESOLVER) + "/v1/resolve",
        "{\"campaignId\":\"" + CAMPAIGN + "\",\"phone\":\"" + phone + "\"}").body();
  }

  private static CallStart callStart(String phone) {
    return CallStart.newBuilder()
        .setEventId(UUID.randomUUID())
        .setWorkspaceId("demo")
        .setOccurredAt(Instant.now())
        .setSource("e2e-dialer")
        .setCallId("call-" + UUID.randomUUID())
        .setCampaignId(CAMPAIGN)
        .setPhone(phone)
        .build();
  }

  /** Polls for up to 60 s until {@code accept} holds; fails with the last answer otherwise. */
  private static String eventually(Supplier<String> probe, Predicate<String> accept) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String last = null;
    while (System.nanoTime() < deadline) {
      last = probe.get();
      try {
        if (accept.test(last)) {
          return last;
        }
      } catch (RuntimeException notYet) {
        // the answer does not have the awaited shape yet
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("condition not met within 60 s; last answer: " + last);
  }
}
