package io.contactsplatform.importservice.importjob;

import java.util.List;
import java.util.Map;

/**
 * The JSON part {@code options} of {@code POST /v1/imports}, {@code /preview} and
 * {@code /dry-run}; every member is optional.
 *
 * @param mapping         column header → target; absent means "use the suggested mapping"
 * @param defaultRegion   ISO 3166-1 alpha-2 region for numbers without a country code (US)
 * @param duplicatePolicy MERGE (default), OVERWRITE or SKIP_EXISTING
 * @param tags            tags added to every contact
 * @param campaignId      when set, every accepted row also goes out on audience-rows
 * @param encoding        read the file in this encoding instead of the detected one
 * @param delimiter       split cells on this delimiter ({@code ,} {@code ;} {@code tab} {@code |}) instead of the detected one
 */
record ImportOptions(Map<String, String> mapping, String defaultRegion, String duplicatePolicy, List<String> tags,
                     String campaignId, String encoding, String delimiter) {

  static final ImportOptions NONE = new ImportOptions(null, null, null, null, null, null, null);

  /** Options with the detected encoding and delimiter. */
  ImportOptions(Map<String, String> mapping, String defaultRegion, String duplicatePolicy, List<String> tags,
                String campaignId) {
    this(mapping, defaultRegion, duplicatePolicy, tags, campaignId, null, null);
  }
}
