package io.contactsplatform.importservice.importjob;

import io.contactsplatform.support.csv.CsvFormat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactsplatform.events.contact.upsert.DuplicatePolicy;
import io.contactsplatform.support.web.ApiException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImportSettingsTest {

  @Test
  void shouldDefaultToUsRegionMergePolicyAndNoTags() {
    ImportSettings settings = ImportSettings.of(ImportOptions.NONE);

    assertThat(settings).isEqualTo(new ImportSettings("US", DuplicatePolicy.MERGE, List.of(), null));
  }

  @Test
  void shouldNormaliseRegionPolicyTagsAndCampaign() {
    ImportSettings settings = ImportSettings.of(new ImportOptions(null, "gb", "skip_existing",
        Arrays.asList(" vip ", "", null, "vip", "west"), "  "));

    assertThat(settings).isEqualTo(new ImportSettings("GB", DuplicatePolicy.SKIP_EXISTING, List.of("vip", "west"), null));
  }

  @Test
  void shouldRejectUnknownRegionAndPolicyNamingTheMember() {
    assertThatThrownBy(() -> ImportSettings.of(new ImportOptions(null, "XX", null, null, null)))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.getStatusCode().value()).isEqualTo(422);
          assertThat(e.getBody().getDetail()).startsWith("defaultRegion:");
        });
    assertThatThrownBy(() -> ImportSettings.of(new ImportOptions(null, null, "REPLACE", null, null)))
        .isInstanceOfSatisfying(ApiException.class,
            e -> assertThat(e.getBody().getDetail()).startsWith("duplicatePolicy:").contains("SKIP_EXISTING"));
  }

  @Test
  void shouldReportProgressOfReadMergedAndAnsweredRowsAndHundredOnlyWhenCompleted() {
    ImportSettings settings = ImportSettings.of(ImportOptions.NONE);
    ImportJob.SourceFile file = new ImportJob.SourceFile(Path.of("f.csv"), 100, new CsvFormat("UTF-8", 0, false, ',', 0),
        List.of("phone"));
    ImportJob queued = ImportJob.queued("id", "ws", "f.csv", ColumnMapping.of(List.of("phone"), Map.of("phone", "phone")),
        settings, file, 500, Map.of(), Instant.now());
    ImportJob halfAnswered = job(settings, file, 3, false);
    ImportJob allAnswered = job(settings, file, 7, true);

    assertThat(queued.progress()).isZero();
    assertThat(halfAnswered.progress()).isEqualTo(60);
    assertThat(halfAnswered.allAnswered()).isFalse();
    assertThat(allAnswered.progress()).isEqualTo(99);
    assertThat(allAnswered.allAnswered()).isTrue();
    assertThat(allAnswered.allRejected()).containsExactly(Map.entry("EXTERNAL_ID_CONFLICT", 1L),
        Map.entry("INVALID_PHONE", 2L));
  }

  /** 10 rows read: 2 rejected, 1 merged into another row, 7 sent; {@code answered} of them answered. */
  private static ImportJob job(ImportSettings settings, ImportJob.SourceFile file, long answered, boolean read) {
    return new ImportJob("id", "ws", "f.csv", ImportJob.Status.RUNNING, Map.of(), settings, file, 500, Map.of(), 10, 7,
        1, answered, answered - 1, 0, 0, Map.of("INVALID_PHONE", 2L), Map.of("EXTERNAL_ID_CONFLICT", 1L), Map.of(),
        read, Instant.now(), Instant.now(), null, null);
  }
}
