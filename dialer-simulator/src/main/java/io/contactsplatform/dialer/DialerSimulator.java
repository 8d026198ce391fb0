package io.contactsplatform.dialer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.contactsplatform.events.call.start.CallStart;
import io.contactsplatform.events.call.variables.AgentVariables;
import io.contactsplatform.events.call.variables.VariableTrace;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Command-line dialer for trying the platform (locally or against a deployment): publishes one
 * call-start and prints the agent-variables answer as JSON, with the event's own shape for the
 * trace (a list of name, layer, detail in resolution order, as {@code POST /v1/resolve} shows it).
 * Exit code 0 when the answer is READY, 3 when the call is blocked, 4 when the call-start expired
 * (EXPIRED: it was older than the resolver's maximum age when resolved; not a compliance decision,
 * a new call-start may be tried), 1 when no answer came in time (the resolver answers a callId
 * once: a callId answered before gets no new answer), 2 on a usage error. {@code --help} prints
 * the usage.
 *
 * <pre>
 * java -jar dialer-simulator/target/dialer-simulator-*-exec.jar --workspace demo --campaign spring-promo \
 *      --phone "+14155550132" [--bootstrap-servers localhost:9092] [--contact-id ID] [--var name=value]
 *      [--call-id ID] [--timeout-seconds 15] [--occurred-at 2026-12-07T10:00:00Z]
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
      if (name.equals("--help") || name.equals("-h")) {
        System.out.println(USAGE);
        System.exit(0);
      }
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
        .setOccurredAt(occurredAt(options.get("occurred-at")))
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
            + timeout.toSeconds() + " s (exit code 1). Check that the stack runs and listens at " + bootstrap
            + " (--bootstrap-servers), or wait longer (--timeout-seconds).");
        System.exit(1);
      }
      System.out.println(toJson(answer.get()));
      System.exit(exitCode(answer.get()));
    }
  }

  /** 0 for READY, 4 for EXPIRED (the moment passed: not a block), 3 for every other status (blocked). */
  static int exitCode(AgentVariables answer) {
    return switch (answer.getStatus()) {
      case READY -> 0;
      case EXPIRED -> 4;
      default -> 3;
    };
  }

  private static Instant occurredAt(String value) {
    if (value == null) {
      return Instant.now();
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      usage("--occurred-at takes an ISO-8601 instant, e.g. 2026-12-07T10:00:00Z");
      return null;
    }
  }

  /**
   * The answer as pretty JSON: variables sorted by name; the trace as the event carries it (and as
   * {@code POST /v1/resolve} shows it), a list of name, layer and detail in resolution order.
   */
  public static String toJson(AgentVariables answer) throws Exception {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("callId", answer.getCallId());
    json.put("status", answer.getStatus().name());
    json.put("reason", answer.getReason());
    json.put("nextAllowedAt", answer.getNextAllowedAt() == null ? null : answer.getNextAllowedAt().toString());
    json.put("contactId", answer.getContactId());
    json.put("phone", answer.getPhoneE164());
    json.put("variables", new TreeMap<>(answer.getVariables()));
    List<Map<String, String>> trace = new ArrayList<>();
    for (VariableTrace t : answer.getTrace()) {
      Map<String, String> entry = new LinkedHashMap<>();
      entry.put("name", t.getName());
      entry.put("layer", t.getLayer().name());
      entry.put("detail", t.getDetail());
      trace.add(entry);
    }
    json.put("trace", trace);
    json.put("missing", answer.getMissing());
    json.put("defaultsUsed", answer.getDefaultsUsed());
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json);
  }

  static final String USAGE = """
      usage: dialer-simulator --workspace ID --campaign ID --phone NUMBER [--bootstrap-servers HOST:PORT]
                              [--contact-id ID] [--call-id ID] [--var name=value]... [--timeout-seconds N]
                              [--occurred-at INSTANT]
      Publishes one call-start and prints the agent-variables answer as JSON.
        --bootstrap-servers  Kafka to use (default: $KAFKA_BOOTSTRAP_SERVERS, else localhost:9092)
        --call-id            the call's id (default: a random UUID); an answered callId gets its first answer again
        --var name=value     a runtime variable (repeatable)
        --timeout-seconds    how long to wait for the answer (default 15)
        --occurred-at        the call-start's occurredAt, ISO-8601 (default now); one older than the
                             resolver's maximum age (default 60 s) is answered EXPIRED
      exit codes:
        0  the answer is READY
        3  the call is blocked (any BLOCKED_* status; the answer says which and why)
        4  the call-start expired (EXPIRED: older than the resolver's maximum age when resolved;
           not a compliance block, the moment passed: a new call-start may be tried)
        1  no answer within the timeout (a callId answered before gets none: use a new --call-id)
        2  usage error""";

  private static void usage(String problem) {
    System.err.println(problem);
    System.err.println(USAGE);
    System.exit(2);
  }
}
