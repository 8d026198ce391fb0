package io.contactsplatform.importservice.importjob;

import java.util.List;

/**
 * The raw standard fields of one contact as a source gave them (a CSV row through its mapping,
 * or a CRM update), before normalisation. Any value may be null or blank.
 */
public record ContactFields(String phone, String externalId, String firstName, String lastName, String email,
                            String company, String country, String timezone, List<String> tags) {

  public ContactFields {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }
}
