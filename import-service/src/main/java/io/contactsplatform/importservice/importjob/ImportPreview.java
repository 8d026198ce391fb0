package io.contactsplatform.importservice.importjob;

import java.util.List;
import java.util.Map;

/**
 * What {@code POST /v1/imports/preview} shows: the detected encoding, delimiter and header row,
 * the first data rows, the number of data rows, the suggested mapping (header → target) and notes.
 */
record ImportPreview(String fileName, long fileSize, String encoding, String delimiter, long headerLine,
                     List<String> headers, List<List<String>> rows, long rowCount,
                     Map<String, String> suggestedMapping, List<String> notes) {
}
