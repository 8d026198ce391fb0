package io.contactsplatform.importservice.importjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactsplatform.events.contact.upsert.DuplicatePolicy;
import io.contactsplatform.support.web.ApiException;
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
  void shouldReportProgressOfReadAndAnsweredRowsAndHundredOnlyWhenCompleted() {
    ImportSettings settings = ImportSettings.of(ImportOptions.NONE);
    ImportJob queued = ImportJob.queued("id", "ws", "f.csv", Map.of("phone", "phone"), settings, Instant.now());
    ImportJob halfAnswered = new ImportJob("id", "ws", "f.csv", ImportJob.Status.RUNNING, Map.of(), settings, 10, 8, 3,
        3, 0, 0, Map.of("INVALID_PHONE", 2L), Map.of(), true, Instant.now(), Instant.now(), null, null);
    ImportJob allAnswered = new ImportJob("id", "ws", "f.csv", ImportJob.Status.RUNNING, Map.of(), settings, 10, 8, 8,
        8, 0, 0, Map.of("INVALID_PHONE", 2L), Map.of(), true, Instant.now(), Instant.now(), null, null);

    assertThat(queued.progress()).isZero();
    assertThat(halfAnswered.progress()).isEqualTo(50);
    assertThat(halfAnswered.allAnswered()).isFalse();
    assertThat(allAnswered.progress()).isEqualTo(99);
    assertThat(allAnswered.allAnswered()).isTrue();
  }
}
