package io.contactsplatform.dncservice.imports;

/**
 * The optional JSON {@code options} part of {@code POST /v1/dnc/imports}; every member may be
 * absent. {@code format} CSV or REGISTRY (detected from the first line when absent); {@code mode}
 * APPEND (default), REPLACE or CHANGE_LIST; {@code source} (default NATIONAL_REGISTRY for registry
 * files, IMPORT for CSV); {@code campaignId} (entries then block only that campaign);
 * {@code reason}, {@code expiresAt} (ISO-8601) and {@code action} (ADD or DELETE) as defaults for
 * rows without their own; {@code defaultRegion} for CSV numbers without a country code (US);
 * {@code actor} (ignored, kept for older clients: the actor is the API key's name); {@code override} to let a REPLACE or CHANGE_LIST remove
 * CALL_OPT_OUT entries; {@code columns} to name the CSV columns when their names are not the usual
 * ones.
 */
record ImportOptions(String format, String mode, String source, String campaignId, String reason, String expiresAt,
                     String action, String defaultRegion, String actor, Boolean override, Columns columns) {

  static final ImportOptions NONE = new ImportOptions(null, null, null, null, null, null, null, null, null, null, null);

  /** CSV column names (header cells) for phone, reason, expiry and action. */
  record Columns(String phone, String reason, String expiresAt, String action) {
  }
}
