package io.contactsplatform.importservice.importjob;

import java.util.List;
import java.util.Map;

/**
 * The JSON part {@code options} of {@code POST /v1/imports}; every member is optional.
 *
 * @param mapping         column header → target; absent means "use the suggested mapping"
 * @param defaultRegion   ISO 3166-1 alpha-2 region for numbers without a country code (US)
 * @param duplicatePolicy MERGE (default), OVERWRITE or SKIP_EXISTING
 * @param tags            tags added to every contact
 * @param campaignId      when set, every accepted row also goes out on audience-rows
 */
record ImportOptions(Map<String, String> mapping, String defaultRegion, String duplicatePolicy, List<String> tags,
                     String campaignId) {

  static final ImportOptions NONE = new ImportOptions(null, null, null, null, null);
}
