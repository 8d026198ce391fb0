package io.contactsplatform.contactservice.history;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a contact change came from, as far as the write path knows it: {@code kind} is API (a
 * REST call), IMPORT ({@code importId} and 1-based {@code row}), CRM ({@code system}, e.g.
 * {@code salesforce}), UPSERT (another producer of contact-upserts, named in {@code system}), BULK
 * ({@code bulkJobId}) or SYSTEM (the service itself, e.g. a custom field migration, explained in
 * {@code detail}). Members that do not apply are null and left out of JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistorySource(String kind, String importId, Long row, String bulkJobId, String system, String detail) {

  public static final String API = "API";
  public static final String IMPORT = "IMPORT";
  public static final String CRM = "CRM";
  public static final String UPSERT = "UPSERT";
  public static final String BULK = "BULK";
  public static final String SYSTEM = "SYSTEM";

  static HistorySource of(String kind) {
    return new HistorySource(kind, null, null, null, null, null);
  }
}
