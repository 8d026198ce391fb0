package io.contactsplatform.resolver.resolution;

import io.contactsplatform.events.call.variables.ResolutionStatus;
import io.contactsplatform.events.call.variables.VariableLayer;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one resolution: READY with every variable, or BLOCKED_* with the reason (and,
 * for a calling-window block, the next allowed instant). {@code trace} says for every variable
 * which layer gave its value.
 */
public record Resolution(
    String callId,
    String callStartEventId,
    String campaignId,
    String contactId,
    String phoneE164,
    ResolutionStatus status,
    String reason,
    Instant nextAllowedAt,
    Map<String, String> variables,
    List<Trace> trace,
    List<String> missing,
    List<String> defaultsUsed) {

  public Resolution {
    variables = variables == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    trace = trace == null ? List.of() : List.copyOf(trace);
    missing = missing == null ? List.of() : List.copyOf(missing);
    defaultsUsed = defaultsUsed == null ? List.of() : List.copyOf(defaultsUsed);
  }

  /** Where one variable's value came from, e.g. {@code first_name, CONTACT, contact.first_name}. */
  public record Trace(String name, VariableLayer layer, String detail) {
  }
}
