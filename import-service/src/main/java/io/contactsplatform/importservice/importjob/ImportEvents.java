package io.contactsplatform.importservice.importjob;

import io.contactsplatform.events.audience.AudienceRow;
import io.contactsplatform.events.contact.upsert.ContactUpsert;
import io.contactsplatform.schemas.Topic;
import io.contactsplatform.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Builds and sends the events of accepted rows: a contact-upserts event per row (key
 * {@code workspace:E.164}) and, when the import has a campaign, an audience-rows event with the
 * row's raw cells (key {@code workspace:campaignId:E.164}). Event ids are derived from
 * {@code importId|rowNumber}, so re-sending a row (a resumed import) repeats the same event and
 * contact-service's redelivery detection applies.
 *
 * <p>Sends go straight to the {@link KafkaTemplate} from one thread, in file order, rather than
 * through {@code EventPublisher}: its per-event hop to another thread would let two rows with
 * the same number reach the partition out of file order, and a batch of futures awaited
 * together keeps the producer's batching (one broker round trip per batch, not per row).
 */
@Component
class ImportEvents {

  static final String SOURCE = "import-service";

  private final KafkaTemplate<String, Object> template;

  ImportEvents(KafkaTemplate<String, Object> template) {
    this.template = template;
  }

  /**
   * Sends every row's events in order and returns a future completed when the broker has
   * acknowledged all of them. Call it off the producer's network thread.
   */
  CompletableFuture<Void> sendAll(ImportJob job, List<RowOutcome.Accepted> rows) {
    List<CompletableFuture<?>> sent = new ArrayList<>(rows.size() * 2);
    Instant now = Instant.now();
    for (RowOutcome.Accepted row : rows) {
      ContactUpsert upsert = upsert(job, row, now);
      sent.add(send(Topics.CONTACT_UPSERTS, Topics.key(job.workspaceId(), upsert.getContact().getPhoneE164()), upsert));
      if (job.settings().campaignId() != null) {
        AudienceRow audience = audienceRow(job, row, now);
        sent.add(send(Topics.AUDIENCE_ROWS,
            Topics.key(job.workspaceId(), audience.getCampaignId() + ":" + audience.getPhoneE164()), audience));
      }
    }
    return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
  }

  static ContactUpsert upsert(ImportJob job, RowOutcome.Accepted row, Instant now) {
    return ContactUpsert.newBuilder()
        .setEventId(rowEventId("contact-upsert", job.id(), row.rowNumber()))
        .setWorkspaceId(job.workspaceId())
        .setOccurredAt(now)
        .setSource(SOURCE)
        .setImportId(job.id())
        .setRowNumber(row.rowNumber())
        .setCampaignId(job.settings().campaignId())
        .setDuplicatePolicy(job.settings().duplicatePolicy())
        .setContact(row.data())
        .build();
  }

  static AudienceRow audienceRow(ImportJob job, RowOutcome.Accepted row, Instant now) {
    return AudienceRow.newBuilder()
        .setEventId(rowEventId("audience-row", job.id(), row.rowNumber()))
        .setWorkspaceId(job.workspaceId())
        .setOccurredAt(now)
        .setSource(SOURCE)
        .setCampaignId(job.settings().campaignId())
        .setPhoneE164(row.data().getPhoneE164())
        .setImportId(job.id())
        .setRowNumber(row.rowNumber())
        .setColumns(row.columns())
        .build();
  }

  /** A stable event id per import row and event kind. */
  static UUID rowEventId(String kind, String importId, long rowNumber) {
    return UUID.nameUUIDFromBytes((kind + "|" + importId + "|" + rowNumber).getBytes(StandardCharsets.UTF_8));
  }

  private <V extends SpecificRecord> CompletableFuture<?> send(Topic<V> topic, String key, V event) {
    return template.send(topic.name(), key, event);
  }
}
