package io.contactsplatform.dialer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.contactsplatform.events.call.start.CallStart;
import io.contactsplatform.events.call.variables.AgentVariables;
import io.contactsplatform.events.call.variables.VariableTrace;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Command-line dialer for trying the platform (locally or against a deployment): publishes one
 * call-start and prints the agent-variables answer as JSON. Exit code 0 when the answer is READY,
 * 3 when the call is blocked, 2 on a usage error, 1 when no answer came in time.
 *
 * <pre>
 * java -jar dialer-simulator/target/dialer-simulator-*-exec.jar --workspace demo --campaign spring-promo \
 *      --phone "+14155550132" [--bootstrap-servers localhost:9092] [--contact-id ID] [--var name=value]
 *      [--call-id ID] [--timeout-seconds 15]
 * </pre>
 */
public final class DialerSimulator {

  private DialerSimulator() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    Map<String, String> runtime = new TreeMap<>();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (!name.startsWith("--") || i + 1 >= args.length) {
        usage("unexpected argument " + name);
      }
      String value = args[++i];
      if (name.equals("--var")) {
        int eq = value.indexOf('=');
        if (eq < 1) {
          usage("--var takes name=value");
        }
        runtime.put(value.substring(0, eq), value.substring(eq + 1));
      } else {
        options.put(name.substring(2), value);
      }
    }
    for (String required : List.of("workspace", "campaign", "phone")) {
      if (!options.containsKey(required)) {
        usage("--" + required + " is required");
      }
    }
    CallStart callStart = CallStart.newBuilder()
        .setEventId(UUID.randomUUID())
        .setWorkspaceId(options.get("workspace"))
        .setOccurredAt(Instant.now())
        .setSource("dialer-simulator")
        .setCallId(options.getOrDefault("call-id", UUID.randomUUID().toString()))
        .setCampaignId(options.get("campaign"))
        .setPhone(options.get("phone"))
        .setContactId(options.get("contact-id"))
        .setRuntimeVariables(runtime)
        .build();
    String bootstrap = options.getOrDefault("bootstrap-servers",
        Optional.ofNullable(System.getenv("KAFKA_BOOTSTRAP_SERVERS")).orElse("localhost:9092"));
    Duration timeout = Duration.ofSeconds(Long.parseLong(options.getOrDefault("timeout-seconds", "15")));
    try (DialerClient dialer = new DialerClient(bootstrap)) {
      Optional<AgentVariables> answer = dialer.call(callStart, timeout);
      if (answer.isEmpty()) {
        System.err.println("no agent-variables answer for call " + callStart.getCallId() + " within "
            + timeout.toSeconds() + " s");
        System.exit(1);
      }
      System.out.println(toJson(answer.get()));
      System.exit(answer.get().getStatus().name().equals("READY") ? 0 : 3);
    }
  }

  /** The answer as pretty JSON; variables and the trace (name to "LAYER detail") sorted by name. */
  public static String toJson(AgentVariables answer) throws Exception {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("callId", answer.getCallId());
    json.put("status", answer.getStatus().name());
    json.put("reason", answer.getReason());
    json.put("nextAllowedAt", answer.getNextAllowedAt() == null ? null : answer.getNextAllowedAt().toString());
    json.put("contactId", answer.getContactId());
    json.put("phone", answer.getPhoneE164());
    json.put("variables", new TreeMap<>(answer.getVariables()));
    Map<String, String> trace = new TreeMap<>();
    for (VariableTrace t : answer.getTrace()) {
      trace.put(t.getName(), t.getDetail() == null ? t.getLayer().name() : t.getLayer().name() + " " + t.getDetail());
    }
    json.put("trace", trace);
    json.put("missing", answer.getMissing());
    json.put("defaultsUsed", answer.getDefaultsUsed());
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json);
  }

  private static void usage(String problem) {
    System.err.println(problem);
    System.err.println("usage: dialer-simulator --workspace ID --campaign ID --phone NUMBER "
        + "[--bootstrap-servers HOST:PORT] [--contact-id ID] [--call-id ID] [--var name=value]... [--timeout-seconds N]");
    System.exit(2);
  }
}
