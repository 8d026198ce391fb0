package io.contactsplatform.resolver.resolution;

import io.contactsplatform.events.call.variables.ResolutionStatus;
import io.contactsplatform.events.call.variables.VariableLayer;
import io.contactsplatform.resolver.campaign.Binding;
import io.contactsplatform.resolver.campaign.CallingWindow;
import io.contactsplatform.resolver.campaign.CampaignConfig;
import io.contactsplatform.resolver.campaign.VariableDefinition;
import io.contactsplatform.resolver.readmodel.ContactSnapshot;
import io.contactsplatform.resolver.readmodel.DncEntry;
import io.contactsplatform.resolver.readmodel.DncReadiness;
import io.contactsplatform.support.phone.ParsedPhone;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The pure resolution rules (no I/O): gates, then values, then the answer.
 *
 * <p>Gates, in order: unparseable phone or unknown campaign config → BLOCKED_INVALID_REQUEST;
 * unknown contact → BLOCKED_UNKNOWN_CONTACT unless the campaign allows raw numbers; DNC read model
 * not caught up → BLOCKED_DNC (fail closed); an active WORKSPACE entry or CAMPAIGN entry for this
 * campaign → BLOCKED_DNC; outside the calling window in the contact's local time (every
 * candidate zone when ambiguous; for a raw number, the zones of its number) → BLOCKED_OUTSIDE_WINDOW;
 * a required variable without value → BLOCKED_MISSING_VARIABLES. Blocks before the window gate
 * carry no variables; window and missing-variable blocks carry the values found so far.
 *
 * <p>Values: {@code system.*}, then {@code contact.<field>} and {@code cf.<key>} for the contact's
 * non-empty fields, then every agent variable (declared, then static-only names, then runtime-only
 * names outside the reserved {@code system.}/{@code contact.}/{@code cf.} namespaces) by precedence
 * RUNTIME > campaign mapping (CONTACT or AUDIENCE) > STATIC > DEFAULT. Blank values fall through.
 */
final class Resolver {

  private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ISO_LOCAL_DATE_TIME;
  private static final List<String> RESERVED_PREFIXES = List.of("system.", "contact.", "cf.");

  private Resolver() {
  }

  static Resolution resolve(ResolutionRequest request, ParsedPhone phone, ResolutionFacts facts, Instant now) {
    if (phone == null) {
      return blocked(request, null, request.contactId(), ResolutionStatus.BLOCKED_INVALID_REQUEST,
          "phone: not a valid phone number");
    }
    String e164 = phone.e164();
    CampaignConfig campaign = facts.campaign();
    if (campaign == null) {
      return blocked(request, e164, request.contactId(), ResolutionStatus.BLOCKED_INVALID_REQUEST,
          "campaign " + request.campaignId() + " has no variable configuration");
    }
    ContactSnapshot contact = facts.contact();
    if (contact == null && !campaign.allowUnknownContacts()) {
      String reason = request.contactId() != null
          ? "contact " + request.contactId() + " is not a known active contact in this workspace"
          : "no active contact has this number in this workspace";
      return blocked(request, e164, request.contactId(), ResolutionStatus.BLOCKED_UNKNOWN_CONTACT, reason);
    }
    String contactId = contact != null ? contact.contactId() : request.contactId();
    if (!facts.dncCaughtUp()) {
      return blocked(request, e164, contactId, ResolutionStatus.BLOCKED_DNC, DncReadiness.NOT_LOADED);
    }
    Optional<DncEntry> dnc = facts.dncEntries().stream()
        .filter(entry -> entry.blocks(request.campaignId(), now))
        .min(Comparator.comparing(entry -> DncEntry.WORKSPACE.equals(entry.scope()) ? 0 : 1));
    if (dnc.isPresent()) {
      DncEntry entry = dnc.get();
      String scope = DncEntry.WORKSPACE.equals(entry.scope()) ? "workspace" : "campaign " + entry.campaignId();
      return blocked(request, e164, contactId, ResolutionStatus.BLOCKED_DNC,
          "number is on the DNC list (" + scope + " scope, source " + entry.source() + "): " + entry.reason());
    }

    List<ZoneId> zones = zones(contact, phone);
    Values values = new Values();
    system(values, request, e164, contact, zones, now);
    if (contact != null) {
      contactVariables(values, contact);
    }
    agentVariables(values, request, campaign, contact, facts.audienceColumns());

    ResolutionStatus status = ResolutionStatus.READY;
    String reason = null;
    Instant nextAllowedAt = null;
    CallingWindow window = campaign.callingWindow();
    if (window != null && zones.isEmpty()) {
      status = ResolutionStatus.BLOCKED_OUTSIDE_WINDOW;
      reason = "contact has no timezone";
    } else if (window != null && !window.allows(now, zones)) {
      status = ResolutionStatus.BLOCKED_OUTSIDE_WINDOW;
      Optional<Instant> next = window.nextAllowed(now, zones);
      nextAllowedAt = next.orElse(null);
      String where = zones.size() == 1 ? "contact time zone " + zones.get(0)
          : "every candidate time zone (" + zones.stream().map(ZoneId::getId).collect(Collectors.joining(", ")) + ")";
      reason = "outside calling window " + window.describe() + " in " + where
          + (next.isEmpty() ? "; the candidate zones never share the window" : "");
    } else if (!values.missing.isEmpty()) {
      status = ResolutionStatus.BLOCKED_MISSING_VARIABLES;
      reason = "required variables without a value: " + String.join(", ", values.missing);
    }
    return new Resolution(request.callId(), request.callStartEventId(), request.campaignId(), contactId, e164,
        status, reason, nextAllowedAt, values.variables, values.trace, values.missing, values.defaultsUsed);
  }

  /** A fail-closed answer when the facts could not be read at all. */
  static Resolution failure(ResolutionRequest request, String reason) {
    return blocked(request, null, request.contactId(), ResolutionStatus.BLOCKED_OTHER, reason);
  }

  private static Resolution blocked(ResolutionRequest request, String e164, String contactId,
                                    ResolutionStatus status, String reason) {
    return new Resolution(request.callId(), request.callStartEventId(), request.campaignId(), contactId, e164,
        status, reason, null, Map.of(), List.of(), List.of(), List.of());
  }

  /** The contact's time zone, else its candidates; for a raw number, the zones of its number. */
  static List<ZoneId> zones(ContactSnapshot contact, ParsedPhone phone) {
    if (contact == null) {
      return validZones(phone.timezones());
    }
    if (contact.timezone() != null && !contact.timezone().isBlank()) {
      List<ZoneId> zone = validZones(List.of(contact.timezone()));
      if (!zone.isEmpty()) {
        return zone;
      }
    }
    return validZones(contact.timezoneCandidates());
  }

  private static List<ZoneId> validZones(List<String> ids) {
    Set<ZoneId> zones = new LinkedHashSet<>();
    for (String id : ids) {
      try {
        zones.add(ZoneId.of(id));
      } catch (DateTimeException | NullPointerException e) {
        // an unknown zone id cannot place the contact in time; ignore it
      }
    }
    return List.copyOf(zones);
  }

  private static void system(Values values, ResolutionRequest request, String e164, ContactSnapshot contact,
                             List<ZoneId> zones, Instant now) {
    values.put("system.call_id", request.callId(), VariableLayer.SYSTEM, "callId of the call-start");
    values.put("system.campaign_id", request.campaignId(), VariableLayer.SYSTEM, "campaignId of the call-start");
    if (contact != null) {
      values.put("system.contact_id", contact.contactId(), VariableLayer.SYSTEM, "resolved contact");
    }
    values.put("system.phone", e164, VariableLayer.SYSTEM, "dialed number in E.164");
    if (zones.size() == 1) {
      ZoneId zone = zones.get(0);
      values.put("system.local_time", LOCAL_TIME.format(LocalDateTime.ofInstant(now, zone).truncatedTo(ChronoUnit.SECONDS)),
          VariableLayer.SYSTEM, "local time in " + zone.getId());
    }
  }

  private static void contactVariables(Values values, ContactSnapshot contact) {
    for (String field : Binding.CONTACT_FIELDS) {
      String value = contactField(contact, field);
      if (!isBlank(value)) {
        values.put("contact." + field, value, VariableLayer.CONTACT, "contact." + field);
      }
    }
    contact.customFields().forEach((key, raw) -> {
      String value = format(raw);
      if (!isBlank(value)) {
        values.put("cf." + key, value, VariableLayer.CONTACT, "cf." + key);
      }
    });
  }

  private static void agentVariables(Values values, ResolutionRequest request, CampaignConfig campaign,
                                     ContactSnapshot contact, Map<String, String> audience) {
    Map<String, String> runtime = request.runtimeVariables();
    Set<String> handled = new LinkedHashSet<>();
    for (VariableDefinition variable : campaign.variables()) {
      handled.add(variable.name());
      String name = variable.name();
      if (fromRuntime(values, name, runtime)) {
        continue;
      }
      Binding binding = variable.binding();
      if (binding != null) {
        String value = bound(binding, contact, audience);
        if (!isBlank(value)) {
          if (binding.kind() == Binding.Kind.AUDIENCE) {
            values.put(name, value, VariableLayer.AUDIENCE, "audience column '" + binding.key() + "'");
          } else {
            values.put(name, value, VariableLayer.CONTACT, binding.toString());
          }
          continue;
        }
      }
      if (fromStatic(values, name, campaign)) {
        continue;
      }
      if (!isBlank(variable.defaultValue())) {
        values.put(name, variable.defaultValue(), VariableLayer.DEFAULT, "declared default");
        values.defaultsUsed.add(name);
      } else if (variable.required()) {
        values.missing.add(name);
      }
    }
    for (String name : campaign.staticVariables().keySet()) {
      if (handled.add(name) && !fromRuntime(values, name, runtime)) {
        fromStatic(values, name, campaign);
      }
    }
    for (String name : runtime.keySet()) {
      if (handled.add(name) && RESERVED_PREFIXES.stream().noneMatch(name::startsWith)) {
        fromRuntime(values, name, runtime);
      }
    }
  }

  private static boolean fromRuntime(Values values, String name, Map<String, String> runtime) {
    String value = runtime.get(name);
    if (isBlank(value)) {
      return false;
    }
    values.put(name, value, VariableLayer.RUNTIME, "runtimeVariables." + name);
    return true;
  }

  private static boolean fromStatic(Values values, String name, CampaignConfig campaign) {
    String value = campaign.staticVariables().get(name);
    if (isBlank(value)) {
      return false;
    }
    values.put(name, value, VariableLayer.STATIC, "staticVariables." + name);
    return true;
  }

  private static String bound(Binding binding, ContactSnapshot contact, Map<String, String> audience) {
    return switch (binding.kind()) {
      case CONTACT -> contact == null ? null : contactField(contact, binding.key());
      case CUSTOM_FIELD -> contact == null ? null : format(contact.customFields().get(binding.key()));
      case AUDIENCE -> column(audience, binding.key());
    };
  }

  /** The column's value: exact header first, else ignoring case and surrounding blanks. */
  static String column(Map<String, String> audience, String column) {
    if (audience == null) {
      return null;
    }
    String exact = audience.get(column);
    if (!isBlank(exact)) {
      return exact;
    }
    String wanted = column.trim().toLowerCase(Locale.ROOT);
    return audience.entrySet().stream()
        .filter(e -> e.getKey() != null && e.getKey().trim().toLowerCase(Locale.ROOT).equals(wanted))
        .map(Map.Entry::getValue)
        .filter(v -> !isBlank(v))
        .findFirst().orElse(null);
  }

  static String contactField(ContactSnapshot c, String field) {
    return switch (field) {
      case "first_name" -> c.firstName();
      case "last_name" -> c.lastName();
      case "email" -> c.email();
      case "company" -> c.company();
      case "country" -> c.country();
      case "timezone" -> c.timezone();
      case "phone" -> c.phoneE164();
      case "external_id" -> c.externalId();
      case "tags" -> c.tags().isEmpty() ? null : String.join(", ", c.tags());
      default -> null;
    };
  }

  /** Text of a custom field value; decimals without trailing zeros ({@code 3.0} → {@code 3}). */
  static String format(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isFinite(d)) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
      }
    }
    return value.toString();
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  /** Accumulates variables, trace, missing names and defaults used, in resolution order. */
  private static final class Values {
    final Map<String, String> variables = new LinkedHashMap<>();
    final List<Resolution.Trace> trace = new ArrayList<>();
    final List<String> missing = new ArrayList<>();
    final List<String> defaultsUsed = new ArrayList<>();

    void put(String name, String value, VariableLayer layer, String detail) {
      if (value == null) {
        return;
      }
      variables.put(name, value);
      trace.add(new Resolution.Trace(name, layer, detail));
    }
  }
}
