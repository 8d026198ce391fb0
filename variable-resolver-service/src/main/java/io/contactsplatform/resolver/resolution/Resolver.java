package io.contactsplatform.resolver.resolution;

import io.contactsplatform.events.call.variables.ResolutionStatus;
import io.contactsplatform.events.call.variables.VariableLayer;
import io.contactsplatform.resolver.campaign.Binding;
import io.contactsplatform.resolver.campaign.CallingWindow;
import io.contactsplatform.resolver.campaign.CampaignConfig;
import io.contactsplatform.resolver.campaign.MissingRequiredPolicy;
import io.contactsplatform.resolver.campaign.VariableDefinition;
import io.contactsplatform.resolver.readmodel.ContactSnapshot;
import io.contactsplatform.resolver.readmodel.DncEntry;
import io.contactsplatform.support.phone.ParsedPhone;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
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
 * <p>Gates, in order: a call-start older than its maximum age ({@code occurredAt} more than
 * {@code maxAge} before now; previews and readiness reports carry neither) → EXPIRED, not a compliance
 * decision but "the moment has passed", also before the fail-closed failures; unparseable phone → BLOCKED_INVALID_REQUEST; no config for the campaign →
 * BLOCKED_UNKNOWN_CAMPAIGN; unknown contact → BLOCKED_UNKNOWN_CONTACT unless the campaign allows raw
 * numbers; DNC read model not trusted → BLOCKED_DNC_UNCERTAIN (fail closed); an active WORKSPACE
 * entry or CAMPAIGN entry for this campaign → BLOCKED_DNC; the calling window in the contact's local
 * time → BLOCKED_OUTSIDE_WINDOW, always with {@code nextAllowedAt} (ambiguous contacts: every
 * candidate zone; unknown zone: the campaign's fallback; raw numbers: the zones of the number); no
 * zone at all, or candidate zones that never share the window → BLOCKED_OTHER saying so; a required
 * variable without value → BLOCKED_MISSING_VARIABLES. Blocks before the window gate carry no
 * variables; later blocks carry the values found so far (and {@code missing} is filled whenever
 * values were resolved).
 *
 * <p>Values: {@code system.*}, then {@code contact.<field>} and {@code cf.<key>} for the contact's
 * non-empty fields, then every agent variable (declared, then static-only names, then runtime-only
 * names outside the reserved {@code system.}/{@code contact.}/{@code cf.} namespaces) by precedence
 * RUNTIME > campaign mapping (AUDIENCE row column, or CONTACT field) > STATIC (static binding or
 * static variable) > DEFAULT. Blank values fall through; so do values that do not fit the
 * variable's type (the winner's trace detail names them). A required variable only falls back to
 * its default under policy USE_DEFAULT.
 */
final class Resolver {

  private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ISO_LOCAL_DATE_TIME;
  private static final List<String> RESERVED_PREFIXES = List.of("system.", "contact.", "cf.");

  private Resolver() {
  }

  static Resolution resolve(ResolutionRequest request, ParsedPhone phone, ResolutionFacts facts, Instant now) {
    Resolution expired = expired(request, phone, now);
    if (expired != null) {
      return expired;
    }
    if (phone == null) {
      return blocked(request, null, request.contactId(), ResolutionStatus.BLOCKED_INVALID_REQUEST,
          "phone: not a valid phone number");
    }
    String e164 = phone.e164();
    CampaignConfig campaign = facts.campaign();
    if (campaign == null) {
      return blocked(request, e164, request.contactId(), ResolutionStatus.BLOCKED_UNKNOWN_CAMPAIGN,
          "campaign " + request.campaignId() + " is not configured in this workspace");
    }
    ContactSnapshot contact = facts.contact();
    if (contact == null && !campaign.allowUnknownContacts()) {
      String reason = request.contactId() != null
          ? "contact " + request.contactId() + " is not a known active contact in this workspace"
          : "no active contact has this number in this workspace";
      return blocked(request, e164, request.contactId(), ResolutionStatus.BLOCKED_UNKNOWN_CONTACT, reason);
    }
    String contactId = contact != null ? contact.contactId() : request.contactId();
    if (facts.dncUncertainty() != null) {
      return blocked(request, e164, contactId, ResolutionStatus.BLOCKED_DNC_UNCERTAIN, facts.dncUncertainty());
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

    TimezonePlacement placement = placement(contact, phone, campaign);
    Values values = new Values();
    system(values, request, e164, contact, placement, now);
    if (contact != null) {
      contactVariables(values, contact);
    }
    agentVariables(values, request, campaign, contact, facts.audienceColumns());

    ResolutionStatus status = ResolutionStatus.READY;
    String reason = null;
    Instant nextAllowedAt = null;
    CallingWindow window = campaign.callingWindow();
    List<ZoneId> zones = placement.zones();
    if (window != null && zones.isEmpty()) {
      status = ResolutionStatus.BLOCKED_OTHER;
      reason = "calling window " + window.describe() + " cannot be checked: the contact has no time zone and the "
          + "campaign has no fallbackTimezone";
    } else if (window != null && !window.allows(now, zones)) {
      Optional<Instant> next = window.nextAllowed(now, zones);
      String where = zones.size() == 1 ? zoneText(placement)
          : "every candidate time zone (" + zones.stream().map(ZoneId::getId).collect(Collectors.joining(", ")) + ")";
      if (next.isPresent()) {
        status = ResolutionStatus.BLOCKED_OUTSIDE_WINDOW;
        nextAllowedAt = next.get();
        reason = "outside calling window " + window.describe() + " in " + where;
      } else {
        status = ResolutionStatus.BLOCKED_OTHER;
        reason = "calling window " + window.describe() + " is never open in " + where + " at the same time";
      }
    } else if (!values.missing.isEmpty()) {
      status = ResolutionStatus.BLOCKED_MISSING_VARIABLES;
      reason = "required variables without a value: " + values.missing.stream()
          .map(name -> values.invalid.containsKey(name) ? name + " (" + values.invalid.get(name) + ")" : name)
          .collect(Collectors.joining(", "));
    }
    return new Resolution(request.callId(), request.callStartEventId(), request.campaignId(), contactId, e164,
        status, reason, nextAllowedAt, values.variables, values.trace, values.missing, values.defaultsUsed);
  }

  /** A fail-closed answer when the facts could not be read at all. */
  static Resolution failure(ResolutionRequest request, String reason) {
    return blocked(request, null, request.contactId(), ResolutionStatus.BLOCKED_OTHER, reason);
  }

  /** As {@link #failure(ResolutionRequest, String)}, but EXPIRED first for a call-start past its maximum age. */
  static Resolution failure(ResolutionRequest request, String reason, Instant now) {
    Resolution expired = expired(request, null, now);
    return expired != null ? expired : failure(request, reason);
  }

  /** EXPIRED when the request is a call-start older than its maximum age at {@code now}, else null. */
  private static Resolution expired(ResolutionRequest request, ParsedPhone phone, Instant now) {
    if (request.occurredAt() == null || request.maxAge() == null) {
      return null;
    }
    Duration age = Duration.between(request.occurredAt(), now);
    if (age.compareTo(request.maxAge()) <= 0) {
      return null;
    }
    return blocked(request, phone == null ? null : phone.e164(), request.contactId(), ResolutionStatus.EXPIRED,
        "call-start is " + seconds(age) + " old (occurredAt " + request.occurredAt() + ", resolved " + now
            + "), over the maximum age of " + seconds(request.maxAge())
            + ": the moment to call has passed; send a new call-start to call");
  }

  private static String seconds(Duration duration) {
    return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
  }

  private static Resolution blocked(ResolutionRequest request, String e164, String contactId,
                                    ResolutionStatus status, String reason) {
    return new Resolution(request.callId(), request.callStartEventId(), request.campaignId(), contactId, e164,
        status, reason, null, Map.of(), List.of(), List.of(), List.of());
  }

  /**
   * The zones a call is placed in: the contact's time zone (unless its source is UNKNOWN), else its
   * candidates, else the campaign's fallback; for a raw number the zones of its number, else the fallback.
   */
  static TimezonePlacement placement(ContactSnapshot contact, ParsedPhone phone, CampaignConfig campaign) {
    if (contact == null) {
      List<ZoneId> fromNumber = phone == null ? List.of() : validZones(phone.timezones());
      if (!fromNumber.isEmpty()) {
        return new TimezonePlacement(fromNumber, TimezonePlacement.Basis.PHONE);
      }
    } else {
      if (contact.timezone() != null && !contact.timezone().isBlank() && !"UNKNOWN".equals(contact.timezoneSource())) {
        List<ZoneId> zone = validZones(List.of(contact.timezone()));
        if (!zone.isEmpty()) {
          return new TimezonePlacement(zone, TimezonePlacement.Basis.CONTACT);
        }
      }
      List<ZoneId> candidates = validZones(contact.timezoneCandidates());
      if (!candidates.isEmpty()) {
        return new TimezonePlacement(candidates, TimezonePlacement.Basis.CANDIDATES);
      }
    }
    return campaign.fallbackTimezone() != null
        ? new TimezonePlacement(List.of(campaign.fallbackTimezone()), TimezonePlacement.Basis.FALLBACK)
        : new TimezonePlacement(List.of(), TimezonePlacement.Basis.NONE);
  }

  private static String zoneText(TimezonePlacement placement) {
    String zone = placement.zones().get(0).getId();
    return switch (placement.basis()) {
      case FALLBACK -> "the campaign's fallback time zone " + zone + " (the contact has none)";
      case PHONE -> "time zone " + zone + " of the number";
      default -> "contact time zone " + zone;
    };
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
                             TimezonePlacement placement, Instant now) {
    values.put("system.call_id", request.callId(), VariableLayer.SYSTEM, "callId of the call-start");
    values.put("system.campaign_id", request.campaignId(), VariableLayer.SYSTEM, "campaignId of the call-start");
    if (contact != null) {
      values.put("system.contact_id", contact.contactId(), VariableLayer.SYSTEM, "resolved contact");
    }
    values.put("system.phone", e164, VariableLayer.SYSTEM, "dialed number in E.164");
    if (placement.zones().size() == 1) {
      ZoneId zone = placement.zones().get(0);
      values.put("system.local_time", LOCAL_TIME.format(LocalDateTime.ofInstant(now, zone).truncatedTo(ChronoUnit.SECONDS)),
          VariableLayer.SYSTEM, "local time in " + zone.getId()
              + (placement.basis() == TimezonePlacement.Basis.FALLBACK ? " (campaign fallback time zone)" : ""));
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

  /** One layer's offer of a value for a variable. */
  private record Offer(String value, VariableLayer layer, String detail) {
  }

  private static void agentVariables(Values values, ResolutionRequest request, CampaignConfig campaign,
                                     ContactSnapshot contact, Map<String, String> audience) {
    Map<String, String> runtime = request.runtimeVariables();
    Set<String> handled = new LinkedHashSet<>();
    for (VariableDefinition variable : campaign.variables()) {
      String name = variable.name();
      handled.add(name);
      List<Offer> offers = new ArrayList<>();
      offers.add(new Offer(runtime.get(name), VariableLayer.RUNTIME, "runtimeVariables." + name));
      Binding binding = variable.binding();
      if (binding != null && binding.kind() != Binding.Kind.STATIC) {
        offers.add(new Offer(bound(binding, contact, audience),
            binding.kind() == Binding.Kind.ROW ? VariableLayer.AUDIENCE : VariableLayer.CONTACT, binding.toString()));
      }
      if (binding != null && binding.kind() == Binding.Kind.STATIC) {
        offers.add(new Offer(binding.key(), VariableLayer.STATIC, "static binding"));
      } else {
        offers.add(new Offer(campaign.staticVariables().get(name), VariableLayer.STATIC, "staticVariables." + name));
      }
      if (!variable.required() || campaign.missingRequired() == MissingRequiredPolicy.USE_DEFAULT) {
        offers.add(new Offer(variable.defaultValue(), VariableLayer.DEFAULT, "declared default"));
      }
      List<String> skipped = new ArrayList<>();
      boolean found = false;
      for (Offer offer : offers) {
        if (isBlank(offer.value())) {
          continue;
        }
        Optional<String> typed = variable.type().normalize(offer.value());
        if (typed.isEmpty()) {
          skipped.add(offer.detail() + " '" + abbreviate(offer.value()) + "' is not a " + variable.type());
          continue;
        }
        values.put(name, typed.get(), offer.layer(),
            offer.detail() + (skipped.isEmpty() ? "" : " (skipped: " + String.join("; ", skipped) + ")"));
        if (offer.layer() == VariableLayer.DEFAULT) {
          values.defaultsUsed.add(name);
        }
        found = true;
        break;
      }
      if (!found && variable.required()) {
        values.missing.add(name);
        if (!skipped.isEmpty()) {
          values.invalid.put(name, String.join("; ", skipped));
        }
      }
    }
    for (String name : campaign.staticVariables().keySet()) {
      if (handled.add(name) && !fromRuntime(values, name, runtime)) {
        values.put(name, campaign.staticVariables().get(name), VariableLayer.STATIC, "staticVariables." + name);
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

  private static String bound(Binding binding, ContactSnapshot contact, Map<String, String> audience) {
    return switch (binding.kind()) {
      case CONTACT -> contact == null ? null : contactField(contact, binding.key());
      case CUSTOM_FIELD -> contact == null ? null : format(contact.customFields().get(binding.key()));
      case ROW -> column(audience, binding.key());
      case STATIC -> binding.key();
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

  private static String abbreviate(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "…";
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
    final Map<String, String> invalid = new LinkedHashMap<>();

    void put(String name, String value, VariableLayer layer, String detail) {
      if (value == null) {
        return;
      }
      variables.put(name, value);
      trace.add(new Resolution.Trace(name, layer, detail));
    }
  }
}
