package io.contactsplatform.support.phone;

import java.util.List;

/**
 * A phone number normalised to E.164, its extension (or null) and the IANA time zones
 * libphonenumber associates with it (empty when unknown; several when ambiguous).
 */
public record ParsedPhone(String e164, String extension, List<String> timezones) {

  public ParsedPhone {
    timezones = List.copyOf(timezones);
  }
}
