package io.contactsplatform.resolver.campaign;

import io.contactsplatform.support.web.ApiException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Pure validation of a campaign variable config request: 422 problems whose detail names the
 * offending variable or field. Variable and static variable names are snake_case; bindings must
 * be one of the forms {@link Binding} knows; windows are {@code HH:mm} with start before end.
 */
final class CampaignConfigRules {

  static final int MAX_VARIABLES = 200;
  static final int MAX_VALUE_LENGTH = 4096;
  private static final Pattern CAMPAIGN_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$");

  private CampaignConfigRules() {
  }

  /** 400 unless the campaign id is 1-128 letters, digits, '.', '_', ':' or '-'. */
  static void checkCampaignId(String campaignId) {
    if (campaignId == null || !CAMPAIGN_ID.matcher(campaignId).matches()) {
      throw ApiException.badRequest("campaignId: 1-128 letters, digits, '.', '_', ':' or '-' expected");
    }
  }

  static CampaignConfig toConfig(String workspaceId, String campaignId, CampaignVariablesRequest request,
                                 Instant now) {
    List<CampaignVariablesRequest.Variable> declared = request.variables() == null ? List.of() : request.variables();
    if (declared.size() > MAX_VARIABLES) {
      throw ApiException.unprocessable("variables: at most " + MAX_VARIABLES + " variables");
    }
    List<VariableDefinition> variables = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < declared.size(); i++) {
      CampaignVariablesRequest.Variable v = declared.get(i);
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
      Binding binding;
      try {
        binding = Binding.parse(v.binding());
      } catch (IllegalArgumentException e) {
        throw ApiException.unprocessable("variables[" + name + "].binding: " + e.getMessage());
      }
      String defaultValue = text(v.defaultValue(), "variables[" + name + "].defaultValue");
      variables.add(new VariableDefinition(name, binding, Boolean.TRUE.equals(v.required()), defaultValue));
    }
    Map<String, String> statics = new LinkedHashMap<>();
    if (request.staticVariables() != null) {
      if (request.staticVariables().size() > MAX_VARIABLES) {
        throw ApiException.unprocessable("staticVariables: at most " + MAX_VARIABLES + " variables");
      }
      request.staticVariables().forEach((name, value) -> {
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
    }
    return new CampaignConfig(workspaceId, campaignId, Boolean.TRUE.equals(request.allowUnknownContacts()),
        statics, variables, window(request.callingWindow()), now);
  }

  private static CallingWindow window(CampaignVariablesRequest.Window w) {
    if (w == null) {
      return null;
    }
    LocalTime start = time(w.start(), "callingWindow.start");
    LocalTime end = time(w.end(), "callingWindow.end");
    if (!start.isBefore(end)) {
      throw ApiException.unprocessable("callingWindow: start must be before end (windows cannot span midnight)");
    }
    Set<DayOfWeek> days = EnumSet.allOf(DayOfWeek.class);
    if (w.days() != null) {
      if (w.days().isEmpty()) {
        throw ApiException.unprocessable("callingWindow.days: at least one day (or leave it out for every day)");
      }
      days = EnumSet.noneOf(DayOfWeek.class);
      for (String day : w.days()) {
        DayOfWeek parsed = CallingWindow.parseDay(day).orElseThrow(() -> ApiException.unprocessable(
            "callingWindow.days: '" + day + "' is not one of MON, TUE, WED, THU, FRI, SAT, SUN"));
        days.add(parsed);
      }
    }
    return new CallingWindow(start, end, days);
  }

  private static LocalTime time(String text, String field) {
    if (text == null || text.isBlank()) {
      throw ApiException.unprocessable(field + ": required (HH:mm)");
    }
    try {
      return LocalTime.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw ApiException.unprocessable(field + ": '" + text + "' is not a time of day (HH:mm)");
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
