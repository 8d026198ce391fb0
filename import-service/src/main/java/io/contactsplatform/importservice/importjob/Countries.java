package io.contactsplatform.importservice.importjob;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Country cells to ISO 3166-1 alpha-2: the code itself (any case), the alpha-3 code, or the
 * English name as the JDK knows it (case, accents, spaces and punctuation ignored, "&" = "and"),
 * plus a few everyday names ("USA", "UK", "Great Britain", "Holland", …). Answers for the first
 * 10,000 distinct cells are remembered (a file's country column repeats a few values).
 */
final class Countries {

  private static final Map<String, String> BY_NAME = names();
  private static final String NONE = "";
  private static final int MAX_CACHED = 10_000;
  private static final Map<String, String> SEEN = new ConcurrentHashMap<>();

  private Countries() {
  }

  /** The ISO alpha-2 code for {@code value}, or null when it names no country. */
  static String isoCode(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String cached = SEEN.get(value);
    if (cached == null) {
      cached = BY_NAME.getOrDefault(normalise(value), NONE);
      if (SEEN.size() < MAX_CACHED) {
        SEEN.put(value, cached);
      }
    }
    return cached.isEmpty() ? null : cached;
  }

  static String normalise(String value) {
    String plain = Normalizer.normalize(value.replace("&", " and "), Normalizer.Form.NFD)
        .replaceAll("\\p{M}", "");
    return plain.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
  }

  private static Map<String, String> names() {
    Map<String, String> map = new HashMap<>();
    for (String code : Locale.getISOCountries()) {
      Locale locale = new Locale("", code);
      map.put(normalise(code), code);
      map.put(normalise(locale.getISO3Country()), code);
      map.put(normalise(locale.getDisplayCountry(Locale.ENGLISH)), code);
    }
    String[][] everyday = {
        {"usa", "US"}, {"unitedstatesofamerica", "US"}, {"america", "US"}, {"uk", "GB"}, {"greatbritain", "GB"},
        {"britain", "GB"}, {"england", "GB"}, {"scotland", "GB"}, {"wales", "GB"}, {"northernireland", "GB"},
        {"holland", "NL"}, {"thenetherlands", "NL"}, {"korea", "KR"}, {"republicofkorea", "KR"},
        {"russianfederation", "RU"}, {"czechrepublic", "CZ"}, {"ivorycoast", "CI"}, {"burma", "MM"},
        {"myanmar", "MM"}, {"hongkong", "HK"}, {"macau", "MO"}, {"macao", "MO"}, {"vatican", "VA"},
        {"uae", "AE"}, {"turkey", "TR"}, {"swaziland", "SZ"}, {"capeverde", "CV"}, {"eastimor", "TL"},
        {"palestine", "PS"}, {"congo", "CG"}, {"drc", "CD"}, {"democraticrepublicofthecongo", "CD"}};
    for (String[] pair : everyday) {
      map.putIfAbsent(pair[0], pair[1]);
    }
    return Map.copyOf(map);
  }
}
