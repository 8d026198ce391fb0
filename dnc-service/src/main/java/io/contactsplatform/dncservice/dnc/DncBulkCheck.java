package io.contactsplatform.dncservice.dnc;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** Request and answer of {@code POST /v1/dnc/check}. */
final class DncBulkCheck {

  private DncBulkCheck() {
  }

  /**
   * Up to {@value DncQueries#MAX_CHECK_PHONES} numbers in any format (region {@code defaultRegion},
   * US when absent) and an optional campaign (absent: only workspace-wide entries count).
   */
  @Schema(name = "DncBulkCheckRequest")
  record Request(List<String> phones, String campaignId, String defaultRegion) {
  }

  /** One answer per number, in request order, with totals. */
  @Schema(name = "DncBulkCheckResponse")
  record Response(String campaignId, Instant checkedAt, int total, int blocked, int invalid, List<Result> results) {
  }

  /**
   * The number as sent, its E.164 form (null when it cannot be parsed: {@code valid} false,
   * {@code blocked} null and {@code error} saying why; never guessed), whether it is blocked, and
   * the active entries that block it.
   */
  @Schema(name = "DncBulkCheckResult")
  record Result(String input, String phone, boolean valid, Boolean blocked, List<Match> matchingEntries,
                String error) {
  }

  /**
   * An active entry that blocks the number; {@code removalRequiresOverride} is true for
   * NATIONAL_REGISTRY and CALL_OPT_OUT entries ({@code DELETE /v1/dnc/{entryId}} needs
   * {@code override=true} for them).
   */
  @Schema(name = "DncBulkCheckMatch")
  record Match(String entryId, String scope, String campaignId, String source, String reason, Instant createdAt,
               Instant expiresAt, boolean removalRequiresOverride) {

    static Match of(DncEntry e) {
      return new Match(e.entryId(), e.scope().name(), e.campaignId(), e.source().name(), e.reason(), e.createdAt(),
          e.expiresAt(), e.source().isProtected());
    }
  }
}
