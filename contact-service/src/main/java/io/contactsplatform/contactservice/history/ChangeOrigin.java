package io.contactsplatform.contactservice.history;

import io.contactsplatform.events.contact.upsert.ContactUpsert;

/**
 * Who and what caused a contact change, handed by each write path to the history. {@code actor}
 * is what the code knows today: for REST calls the workspace's API key ({@code api-key:<workspace>};
 * keys have no names yet, one could fill in here later), for bulk jobs the job's actor, for
 * contact-upserts the producer named in the event's {@code source}.
 */
public record ChangeOrigin(HistorySource source, String actor) {

  /** A REST call authenticated by the workspace's API key. */
  public static ChangeOrigin api(String workspaceId) {
    return new ChangeOrigin(HistorySource.of(HistorySource.API), apiActor(workspaceId));
  }

  /** The actor string of a REST call of this workspace. */
  public static String apiActor(String workspaceId) {
    return "api-key:" + workspaceId;
  }

  /** A bulk job's per-contact change. */
  public static ChangeOrigin bulk(String jobId, String actor) {
    return new ChangeOrigin(new HistorySource(HistorySource.BULK, null, null, jobId, null, null), actor);
  }

  /** A change the service makes itself on behalf of {@code actor} (e.g. a custom field migration). */
  public static ChangeOrigin system(String detail, String actor) {
    return new ChangeOrigin(new HistorySource(HistorySource.SYSTEM, null, null, null, null, detail), actor);
  }

  /**
   * A contact-upserts event: IMPORT when it carries an import id (with its row), CRM when its
   * source is {@code crm:<system>} (what import-service's CRM path writes), UPSERT otherwise.
   */
  public static ChangeOrigin upsert(ContactUpsert upsert) {
    String producer = upsert.getSource();
    HistorySource source;
    if (upsert.getImportId() != null) {
      source = new HistorySource(HistorySource.IMPORT, upsert.getImportId(), upsert.getRowNumber(), null, null, null);
    } else if (producer != null && producer.startsWith("crm:")) {
      source = new HistorySource(HistorySource.CRM, null, null, null, producer.substring(4), null);
    } else {
      source = new HistorySource(HistorySource.UPSERT, null, null, null, producer, null);
    }
    return new ChangeOrigin(source, producer);
  }
}
