package io.contactsplatform.contactservice.history;

import io.contactsplatform.events.contact.upsert.ContactUpsert;
import io.contactsplatform.support.auth.Workspace;

/**
 * Who and what caused a contact change, handed by each write path to the history. {@code actor}
 * is, for REST calls, the name of the API key that made the call (never free text from the
 * request), for bulk jobs the name of the key that started the job, for contact-upserts the
 * producer named in the event's {@code source}.
 */
public record ChangeOrigin(HistorySource source, String actor) {

  /** A REST call authenticated by one of the workspace's API keys: the key's name is the actor. */
  public static ChangeOrigin api(Workspace caller) {
    return new ChangeOrigin(HistorySource.of(HistorySource.API), caller.actor());
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
