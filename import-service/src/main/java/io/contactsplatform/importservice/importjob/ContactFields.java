package io.contactsplatform.importservice.importjob;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw fields of one contact as a source gave them (a CSV row through its mapping, or a CRM
 * update), before normalisation. Any value may be null or blank; {@code customFields} maps a
 * custom field key (without {@code cf:}) to its raw text.
 */
public record ContactFields(String phone, String externalId, String firstName, String lastName, String email,
                            String company, String country, String timezone, List<String> tags,
                            Map<String, String> customFields) {

  public ContactFields {
    tags = tags == null ? List.of() : Collections.unmodifiableList(tags);
    customFields = customFields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(customFields));
  }
}
