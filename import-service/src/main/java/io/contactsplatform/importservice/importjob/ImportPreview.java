package io.contactsplatform.importservice.importjob;

import io.contactsplatform.importservice.customfield.CustomFieldDefinition;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What {@code POST /v1/imports/preview} shows: the encoding, delimiter and header row (detected,
 * or as chosen in the options), the first data rows, the number of data rows, the suggested
 * mapping (header → target), notes, what an operator can choose (encodings, delimiters, standard
 * targets, the workspace's custom fields) and the mapping clashes (two columns on one target) of
 * the mapping sent in the options, else of the suggested one.
 */
record ImportPreview(String fileName, long fileSize, String encoding, String delimiter, long headerLine,
                     List<String> headers, List<List<String>> rows, long rowCount,
                     Map<String, String> suggestedMapping, List<String> notes, Choices choices,
                     List<CustomTarget> customFieldTargets, List<ColumnMapping.Clash> mappingWarnings) {

  /** The fixed choices: encodings, delimiters, standard targets and the target that skips a column. */
  record Choices(List<String> encodings, List<String> delimiters, List<String> standardTargets, String skipTarget) {

    static final Choices STANDARD = new Choices(FileInspector.ENCODINGS, FileInspector.DELIMITER_NAMES,
        Arrays.stream(MappingTarget.values()).filter(t -> t != MappingTarget.CUSTOM_FIELD && t != MappingTarget.SKIP)
            .map(MappingTarget::id).toList(), MappingTarget.SKIP.id());
  }

  /** A custom field a column can map to: target {@code cf:<key>}. */
  record CustomTarget(String target, String key, String label, String type, boolean required,
                      List<String> allowedValues) {

    static CustomTarget of(CustomFieldDefinition d) {
      return new CustomTarget(ColumnTarget.CUSTOM_FIELD_PREFIX + d.key(), d.key(), d.label(), d.type().name(),
          d.required(), d.allowedValues());
    }
  }
}
