package io.contactsplatform.contactservice.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.events.contact.upsert.ContactData;
import io.contactsplatform.events.contact.upsert.ContactUpsert;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChangeOriginTest {

  private static ContactUpsert upsert(String source, String importId, Long row) {
    return ContactUpsert.newBuilder().setEventId(UUID.randomUUID()).setWorkspaceId("ws-1").setOccurredAt(Instant.now())
        .setSource(source).setImportId(importId).setRowNumber(row)
        .setContact(ContactData.newBuilder().setPhoneE164("+14155550132").build()).build();
  }

  @Test
  void upsertOfAnImportRowIsAnImportWithItsIdAndRow() {
    ChangeOrigin origin = ChangeOrigin.upsert(upsert("import-service", "imp-9", 42L));

    assertThat(origin.source()).isEqualTo(new HistorySource("IMPORT", "imp-9", 42L, null, null, null));
    assertThat(origin.actor()).isEqualTo("import-service");
  }

  @Test
  void upsertFromACrmNamesTheCrm() {
    ChangeOrigin origin = ChangeOrigin.upsert(upsert("crm:salesforce", null, null));

    assertThat(origin.source()).isEqualTo(new HistorySource("CRM", null, null, null, "salesforce", null));
    assertThat(origin.actor()).isEqualTo("crm:salesforce");
  }

  @Test
  void upsertFromAnotherProducerNamesTheProducer() {
    assertThat(ChangeOrigin.upsert(upsert("partner-feed", null, null)).source())
        .isEqualTo(new HistorySource("UPSERT", null, null, null, "partner-feed", null));
  }

  @Test
  void restBulkAndSystemChangesCarryTheirActor() {
    assertThat(ChangeOrigin.api(new io.contactsplatform.support.auth.Workspace("ws-1", "k1", "dialer")))
        .isEqualTo(new ChangeOrigin(HistorySource.of("API"), "dialer"));
    assertThat(ChangeOrigin.bulk("job-1", "ops@acme")).isEqualTo(
        new ChangeOrigin(new HistorySource("BULK", null, null, "job-1", null, null), "ops@acme"));
    assertThat(ChangeOrigin.system("custom field cf:x deleted", "api-key:ws-1").source().kind()).isEqualTo("SYSTEM");
  }
}
