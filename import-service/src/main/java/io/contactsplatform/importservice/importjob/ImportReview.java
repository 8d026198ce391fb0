package io.contactsplatform.importservice.importjob;

import java.util.List;
import java.util.Map;

/**
 * Answer of {@code POST /v1/imports/dry-run}: what an import of this file with these options
 * would do, computed without writing anything. {@code newOrUpdated} distinct contacts would be
 * sent; when {@code existingLookup} is {@code DONE} they split into {@code willCreate},
 * {@code willUpdate} and (SKIP_EXISTING) {@code willSkipExisting}, otherwise those are null.
 * {@code samples} holds up to N rows per finding code (rejections and warnings).
 */
record ImportReview(
    String fileName,
    long fileSize,
    String encoding,
    String delimiter,
    List<String> headers,
    Map<String, String> mapping,
    String defaultRegion,
    String duplicatePolicy,
    List<String> tags,
    String campaignId,
    long rows,
    long validRows,
    long newOrUpdated,
    Long willCreate,
    Long willUpdate,
    Long willSkipExisting,
    String existingLookup,
    long mergedInFile,
    long rejectedRows,
    Map<String, Long> rejected,
    long warnedRows,
    Map<String, Long> warnings,
    Map<String, List<ReviewTally.Sample>> samples,
    List<String> notes) {

  /** Whether created and updated could be told apart. */
  enum Lookup { DONE, NOT_REQUESTED, SKIPPED_TOO_MANY }
}
