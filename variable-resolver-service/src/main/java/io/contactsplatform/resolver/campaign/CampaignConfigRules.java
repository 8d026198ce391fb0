package io.contactsplatform.resolver.campaign;

import io.contactsplatform.support.web.ApiException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Pure validation of a campaign config request: 422 problems whose detail names the offending
 * variable or field. Variable and static variable names are snake_case; types are
 * {@link VariableType}s; bindings must be one of the forms {@link Binding} knows; defaults and
 * static values must fit the variable's type; windows are {@code HH:mm} with start before end;
 * the fallback time zone is an IANA id. What an absent window or policy means depends on the
 * endpoint ({@link Defaults}). Whether bound custom fields exist is checked by the caller.
 */
public final class CampaignConfigRules {

  public static final int MAX_VARIABLES = 200;
  public static final int MAX_VALUE_LENGTH = 4096;
  private static final Pattern CAMPAIGN_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$");

  /**
   * What an absent calling window and missing-required policy mean.
   *
   * @param window        the window of a request naming none (null: any time)
   * @param windowStart   start of a window that names no start
   * @param windowEnd     end of a window that names no end
   * @param missingRequired the policy of a request naming none
   */
  record Defaults(CallingWindow window, LocalTime windowStart, LocalTime windowEnd,
                  MissingRequiredPolicy missingRequired) {
  }

  /** {@code /config}: 08:00-21:00 every day, a missing required variable blocks. */
  static final Defaults CONFIG = new Defaults(CallingWindow.DEFAULT, CallingWindow.DEFAULT.start(),
      CallingWindow.DEFAULT.end(), MissingRequiredPolicy.BLOCK);

  /** The older {@code /variables}: no window unless one is given, required variables use their default. */
  static final Defaults LEGACY_VARIABLES = new Defaults(null, CallingWindow.DEFAULT.start(),
      CallingWindow.DEFAULT.end(), MissingRequiredPolicy.USE_DEFAULT);

  private CampaignConfigRules() {
  }

  /** Whether {@code text} is a campaign id: 1-128 letters, digits, '.', '_', ':' or '-'. */
  public static boolean isCampaignId(String text) {
    return text != null && CAMPAIGN_ID.matcher(text).matches();
  }

  /** 400 unless the campaign id is 1-128 letters, digits, '.', '_', ':' or '-'. */
  public static void checkCampaignId(String campaignId) {
    if (campaignId == null || !CAMPAIGN_ID.matcher(campaignId).matches()) {
      throw ApiException.badRequest("campaignId: 1-128 letters, digits, '.', '_', ':' or '-' expected");
    }
  }

  static CampaignConfig toConfig(String workspaceId, String campaignId, CampaignConfigRequest request,
                                 Instant now, Defaults defaults) {
    List<CampaignConfigRequest.Variable> declared = request.variables() == null ? List.of() : request.variables();
    if (declared.size() > MAX_VARIABLES) {
      throw ApiException.unprocessable("variables: at most " + MAX_VARIABLES + " variables");
    }
    Map<String, String> statics = statics(request.staticVariables());
    List<VariableDefinition> variables = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < declared.size(); i++) {
      CampaignConfigRequest.Variable v = declared.get(i);
      if (v == null) {
        throw ApiException.unprocessable("variables[" + i + "]: must be an object");
      }
      String name = v.name();
      if (name == null || name.isBlank()) {
        throw ApiException.unprocessable("variables[" + i + "].name: required");
      }
      if (!Binding.SNAKE_CASE.matcher(name).matches()) {
        throw ApiException.unprocessable("variables[" + i + "].name: '" + name
            + "' is not snake_case (lower-case letters, digits and '_', starting with a letter)");
      }
      if (!names.add(name)) {
        throw ApiException.unprocessable("variables[" + i + "].name: '" + name + "' is declared twice");
      }
      String field = "variables[" + name + "]";
      VariableType type = VariableType.parse(v.type()).orElseThrow(() -> ApiException.unprocessable(
          field + ".type: unknown type '" + v.type() + "' (one of TEXT, NUMBER, BOOLEAN, DATE)"));
      Binding binding = binding(v, type, field);
      if (binding != null && binding.kind() == Binding.Kind.STATIC && statics.containsKey(name)) {
        throw ApiException.unprocessable(field + ".binding: static, and staticVariables." + name
            + " also gives it a value; keep one");
      }
      String defaultValue = typed(text(v.defaultValue(), field + ".default"), type, field + ".default");
      variables.add(new VariableDefinition(name, type, binding, Boolean.TRUE.equals(v.required()), defaultValue));
    }
    return new CampaignConfig(workspaceId, campaignId, Boolean.TRUE.equals(request.allowUnknownContacts()),
        statics, variables, window(request.callingWindow(), defaults), zone(request.fallbackTimezone()),
        policy(request.missingRequired(), defaults), now);
  }

  private static Binding binding(CampaignConfigRequest.Variable v, VariableType type, String field) {
    if (Binding.STATIC.equals(v.binding())) {
      String value = typed(text(v.value(), field + ".value"), type, field + ".value");
      if (value == null) {
        throw ApiException.unprocessable(field + ".value: required with binding static");
      }
      return Binding.staticValue(value);
    }
    if (v.value() != null) {
      throw ApiException.unprocessable(field + ".value: only allowed with binding static");
    }
    try {
      return Binding.parse(v.binding());
    } catch (IllegalArgumentException e) {
      throw ApiException.unprocessable(field + ".binding: " + e.getMessage());
    }
  }

  private static Map<String, String> statics(Map<String, Object> requested) {
    Map<String, String> statics = new LinkedHashMap<>();
    if (requested == null) {
      return statics;
    }
    if (requested.size() > MAX_VARIABLES) {
      throw ApiException.unprocessable("staticVariables: at most " + MAX_VARIABLES + " variables");
    }
    requested.forEach((name, value) -> {
      if (!Binding.SNAKE_CASE.matcher(name).matches()) {
        throw ApiException.unprocessable("staticVariables." + name
            + ": name is not snake_case (lower-case letters, digits and '_', starting with a letter)");
      }
      String text = text(value, "staticVariables." + name);
      if (text == null) {
        throw ApiException.unprocessable("staticVariables." + name + ": value required");
      }
      statics.put(name, text);
    });
    return statics;
  }

  private static String typed(String value, VariableType type, String field) {
    if (value == null) {
      return null;
    }
    return type.normalize(value).orElseThrow(() -> ApiException.unprocessable(
        field + ": '" + value + "' is not a " + type));
  }

  private static CallingWindow window(CampaignConfigRequest.Window w, Defaults defaults) {
    if (w == null) {
      return defaults.window();
    }
    LocalTime start = w.start() == null ? defaults.windowStart() : time(w.start(), "callingWindow.start");
    LocalTime end = w.end() == null ? defaults.windowEnd() : time(w.end(), "callingWindow.end");
    if (!start.isBefore(end)) {
      throw ApiException.unprocessable("callingWindow: start must be before end (windows cannot span midnight)");
    }
    Set<DayOfWeek> days = EnumSet.allOf(DayOfWeek.class);
    if (w.days() != null) {
      if (w.days().isEmpty()) {
        throw ApiException.unprocessable("callingWindow.days: at least one day (or leave it out for every day)");
      }
      if (w.days().size() > 7) {
        throw ApiException.unprocessable("callingWindow.days: at most 7 days (got " + w.days().size() + ")");
      }
      days = EnumSet.noneOf(DayOfWeek.class);
      for (String day : w.days()) {
        DayOfWeek parsed = CallingWindow.parseDay(day).orElseThrow(() -> ApiException.unprocessable(
            "callingWindow.days: '" + (day.length() > 20 ? day.substring(0, 20) + "..." : day)
                + "' is not one of MON, TUE, WED, THU, FRI, SAT, SUN"));
        days.add(parsed);
      }
    }
    return new CallingWindow(start, end, days);
  }

  private static LocalTime time(String text, String field) {
    if (text.isBlank()) {
      throw ApiException.unprocessable(field + ": a time of day (HH:mm) expected");
    }
    try {
      return CallingWindow.parseTime(text);
    } catch (DateTimeParseException e) {
      throw ApiException.unprocessable(field + ": '" + text + "' is not a time of day (HH:mm)");
    }
  }

  private static ZoneId zone(String text) {
    if (text == null) {
      return null;
    }
    try {
      return ZoneId.of(text.trim());
    } catch (DateTimeException e) {
      throw ApiException.unprocessable("fallbackTimezone: '" + text + "' is not an IANA time zone (e.g. America/New_York)");
    }
  }

  private static MissingRequiredPolicy policy(String text, Defaults defaults) {
    if (text == null) {
      return defaults.missingRequired();
    }
    try {
      return MissingRequiredPolicy.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.unprocessable("missingRequired: '" + text + "' is not one of BLOCK, USE_DEFAULT");
    }
  }

  private static String text(Object value, String field) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
      throw ApiException.unprocessable(field + ": must be a string, number or boolean");
    }
    String text = value.toString();
    if (text.length() > MAX_VALUE_LENGTH) {
      throw ApiException.unprocessable(field + ": longer than " + MAX_VALUE_LENGTH + " characters");
    }
    return text;
  }
}
