package io.contactsplatform.importservice.importjob;

import io.contactsplatform.events.contact.upsert.DuplicatePolicy;
import io.contactsplatform.support.phone.PhoneNumbers;
import io.contactsplatform.support.web.ApiException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Validated import options with their defaults applied (region US, policy MERGE). Immutable. */
public record ImportSettings(String defaultRegion, DuplicatePolicy duplicatePolicy, List<String> tags,
                             String campaignId) {

  public ImportSettings {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** Applies defaults; 422 naming the member for an unknown region or policy. */
  static ImportSettings of(ImportOptions options) {
    String region = PhoneNumbers.requestedRegion(options.defaultRegion())
        .orElseThrow(() -> ApiException.unprocessable("defaultRegion: '" + options.defaultRegion()
            + "' is not an ISO 3166-1 alpha-2 region known to the phone parser"));
    DuplicatePolicy policy = DuplicatePolicy.MERGE;
    if (options.duplicatePolicy() != null && !options.duplicatePolicy().isBlank()) {
      try {
        policy = DuplicatePolicy.valueOf(options.duplicatePolicy().trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw ApiException.unprocessable("duplicatePolicy: '" + options.duplicatePolicy() + "' is not one of "
            + Arrays.stream(DuplicatePolicy.values()).map(Enum::name).collect(Collectors.joining(", ")));
      }
    }
    List<String> tags = options.tags() == null ? List.of()
        : options.tags().stream().filter(t -> t != null && !t.isBlank()).map(String::trim).distinct().toList();
    String campaign = options.campaignId() == null || options.campaignId().isBlank() ? null
        : options.campaignId().trim();
    return new ImportSettings(region, policy, tags, campaign);
  }
}
