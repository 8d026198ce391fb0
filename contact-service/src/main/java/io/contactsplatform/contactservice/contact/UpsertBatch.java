package io.contactsplatform.contactservice.contact;

import com.mongodb.client.model.WriteModel;
import io.contactsplatform.contactservice.customfield.CustomFieldDefinition;
import io.contactsplatform.contactservice.customfield.CustomFieldValues;
import io.contactsplatform.contactservice.history.ChangeOrigin;
import io.contactsplatform.contactservice.history.HistoryDocuments;
import io.contactsplatform.contactservice.history.HistoryEntry;
import io.contactsplatform.events.contact.result.UpsertOutcome;
import io.contactsplatform.events.contact.upsert.ContactData;
import io.contactsplatform.events.contact.upsert.ContactUpsert;
import io.contactsplatform.events.contact.upsert.DuplicatePolicy;
import io.contactsplatform.support.contact.ContactLimits;
import io.contactsplatform.support.phone.PhoneNumbers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bson.Document;

/**
 * The in-memory half of applying a batch of upserts: given the keys and contacts the batch
 * touches (loaded with one {@code $in} each), applies every upsert in order — later upserts see
 * the effect of earlier ones, so two rows for one number make one contact — and yields what to
 * write (new keys, stale keys to move, one insert or version-conditioned update per contact) and
 * what to publish per upsert (its answer, and the contact state at the version it produced).
 *
 * <p>Rules: an upsert whose phone is not E.164, or whose custom fields do not fit the
 * definitions, is REJECTED; so is one with a value over its {@link ContactLimits limit}, or one
 * that would leave its contact with too many tags ({@code VALUE_TOO_LONG} naming the field); one already applied to its contact (recognised by event id) changes
 * nothing and is answered with its original outcome, re-publishing the current state;
 * SKIP_EXISTING leaves an existing contact alone (UNCHANGED); a merge that changes nothing is
 * UNCHANGED.
 */
final class UpsertBatch {

  /** What one upsert produced: its answer, and the state to publish first (null: none). */
  record Step(int index, ContactUpsert upsert, UpsertOutcome outcome, String contactId, String reasonCode,
              String reason, Contact publish) {
  }

  /** A stale key to move from the contact it points at to a new one. */
  record KeySwap(String key, String fromId, String toId) {
  }

  private static final class Working {
    StoredContact current;
    final Long loadedVersion;
    final boolean loadedWithPendingHistory;
    boolean dirty;
    final List<Document> history = new ArrayList<>();

    Working(StoredContact current, Long loadedVersion) {
      this.current = current;
      this.loadedVersion = loadedVersion;
      this.loadedWithPendingHistory = current.historyPending();
    }
  }


  private final Map<String, String> keyIds;
  private final Map<String, StoredContact> loaded;
  private final Map<String, Map<String, CustomFieldDefinition>> definitions;
  private final Supplier<String> newId;
  private final Instant now;

  private final Map<String, Working> working = new LinkedHashMap<>();
  private final List<Step> steps = new ArrayList<>();
  private final List<Document> newKeys = new ArrayList<>();
  private final List<Document> externalKeys = new ArrayList<>();
  private final List<KeySwap> swaps = new ArrayList<>();

  UpsertBatch(Map<String, String> keyIds, Map<String, StoredContact> loaded,
              Map<String, Map<String, CustomFieldDefinition>> definitions, Supplier<String> newId, Instant now) {
    this.keyIds = new HashMap<>(keyIds);
    this.loaded = loaded;
    this.definitions = definitions;
    this.newId = newId;
    this.now = now;
  }

  /** The keys a batch needs looked up: each upsert's phone key and external-id key. */
  static List<String> keysOf(List<ContactUpsert> upserts) {
    List<String> keys = new ArrayList<>();
    for (ContactUpsert upsert : upserts) {
      ContactData data = upsert.getContact();
      keys.add(ContactStore.phoneKey(upsert.getWorkspaceId(), data.getPhoneE164()));
      if (data.getExternalId() != null) {
        keys.add(ContactStore.externalKey(upsert.getWorkspaceId(), data.getExternalId()));
      }
    }
    return keys;
  }

  void apply(int index, ContactUpsert upsert) {
    String workspace = upsert.getWorkspaceId();
    ContactData data = upsert.getContact();
    if (!isE164(data.getPhoneE164())) {
      reject(index, upsert, "INVALID_PHONE", "phoneE164 is not a valid E.164 number");
      return;
    }
    String tooLong = ContactRules.tooLong(data);
    if (tooLong != null) {
      reject(index, upsert, ContactLimits.VALUE_TOO_LONG, tooLong);
      return;
    }
    Map<String, CustomFieldDefinition> defs = definitions.getOrDefault(workspace, Map.of());
    Map<String, Object> customFields;
    try {
      customFields = CustomFieldValues.convertAll(data.getCustomFields(), defs);
    } catch (CustomFieldValues.Violation e) {
      reject(index, upsert, e.tooLong() ? ContactLimits.VALUE_TOO_LONG : "INVALID_CUSTOM_FIELD", e.getMessage());
      return;
    }
    String phoneKey = ContactStore.phoneKey(workspace, data.getPhoneE164());
    String heldBy = keyIds.get(phoneKey);
    Working target = null;
    String staleHolder = null;
    if (heldBy != null) {
      Working holder = working(heldBy);
      if (holder == null) {
        create(index, upsert, customFields, defs, heldBy, null, null);
        return;
      }
      if (holder.current.contact().erased() || !data.getPhoneE164().equals(holder.current.contact().phoneE164())) {
        staleHolder = heldBy;
      } else {
        target = holder;
      }
    }
    if (target == null && staleHolder == null && data.getExternalId() != null) {
      String byExternal = keyIds.get(ContactStore.externalKey(workspace, data.getExternalId()));
      Working holder = byExternal == null ? null : working(byExternal);
      if (holder != null && !holder.current.contact().erased()
          && data.getExternalId().equals(holder.current.contact().externalId())) {
        target = holder;
      }
    }
    if (target == null) {
      create(index, upsert, customFields, defs, newId.get(), phoneKey, staleHolder);
    } else {
      update(index, upsert, customFields, target);
    }
  }

  /**
   * Whether {@code phone} is a valid number written exactly in E.164 (the sender normalised it).
   * libphonenumber's parse, validity and format only: the time-zone lookup of a full parse would
   * double the cost, and this runs for every upsert.
   */
  static boolean isE164(String phone) {
    return PhoneNumbers.isE164(phone);
  }

  private void create(int index, ContactUpsert upsert, Map<String, Object> customFields,
                      Map<String, CustomFieldDefinition> defs, String id, String keyToClaim, String staleHolder) {
    Map<String, Object> values;
    try {
      values = CustomFieldValues.forNewContact(customFields, defs);
    } catch (CustomFieldValues.Violation e) {
      reject(index, upsert, "INVALID_CUSTOM_FIELD", e.getMessage());
      return;
    }
    String workspace = upsert.getWorkspaceId();
    if (keyToClaim != null) {
      if (staleHolder != null) {
        swaps.add(new KeySwap(keyToClaim, staleHolder, id));
      } else {
        newKeys.add(ContactStore.keyDocument(keyToClaim, id));
      }
      keyIds.put(keyToClaim, id);
    }
    Contact contact = ContactMerge.create(id, workspace, upsert.getContact(), values, upsert.getSource(), now);
    claimExternalId(contact);
    Working created = new Working(new StoredContact(contact, null, List.of()).withUpsert(contact,
        upsert.getEventId().toString(), UpsertOutcome.CREATED.name()), null);
    created.dirty = true;
    created.history.add(HistoryDocuments.toDocument(HistoryEntry.of(null, contact, ChangeOrigin.upsert(upsert))));
    working.put(id, created);
    steps.add(new Step(index, upsert, UpsertOutcome.CREATED, id, null, null, contact));
  }

  private void update(int index, ContactUpsert upsert, Map<String, Object> customFields, Working target) {
    Contact existing = target.current.contact();
    String original = target.current.outcomeOf(upsert.getEventId().toString());
    if (original != null) {
      steps.add(new Step(index, upsert, UpsertOutcome.valueOf(original), existing.id(), null, null, existing));
      return;
    }
    if (upsert.getDuplicatePolicy() == DuplicatePolicy.SKIP_EXISTING) {
      steps.add(new Step(index, upsert, UpsertOutcome.UNCHANGED, existing.id(), "SKIPPED_EXISTING",
          "contact exists and duplicatePolicy is SKIP_EXISTING", null));
      return;
    }
    Contact merged = ContactMerge.merge(existing, upsert.getContact(), customFields, upsert.getDuplicatePolicy());
    String tooManyTags = ContactLimits.tags("tags", merged.tags());
    if (tooManyTags != null) {
      reject(index, upsert, ContactLimits.VALUE_TOO_LONG, tooManyTags);
      return;
    }
    if (merged.sameDataAs(existing)) {
      steps.add(new Step(index, upsert, UpsertOutcome.UNCHANGED, existing.id(), null, null, null));
      return;
    }
    Contact next = merged.nextVersion(now);
    target.current = target.current.withUpsert(next, upsert.getEventId().toString(), UpsertOutcome.UPDATED.name());
    target.dirty = true;
    target.history.add(HistoryDocuments.toDocument(HistoryEntry.of(existing, next, ChangeOrigin.upsert(upsert))));
    claimExternalId(next);
    steps.add(new Step(index, upsert, UpsertOutcome.UPDATED, next.id(), null, null, next));
  }

  private void reject(int index, ContactUpsert upsert, String code, String reason) {
    steps.add(new Step(index, upsert, UpsertOutcome.REJECTED, null, code, reason, null));
  }

  private void claimExternalId(Contact contact) {
    if (contact.externalId() != null) {
      String key = ContactStore.externalKey(contact.workspaceId(), contact.externalId());
      if (!keyIds.containsKey(key)) {
        keyIds.put(key, contact.id());
        externalKeys.add(ContactStore.keyDocument(key, contact.id()));
      }
    }
  }

  private Working working(String id) {
    Working w = working.get(id);
    if (w == null) {
      StoredContact stored = loaded.get(id);
      if (stored == null) {
        return null;
      }
      w = new Working(stored, stored.contact().version());
      working.put(id, w);
    }
    return w;
  }

  List<Step> steps() {
    return steps;
  }

  List<Document> newKeys() {
    return newKeys;
  }

  List<Document> externalKeys() {
    return externalKeys;
  }

  List<KeySwap> swaps() {
    return swaps;
  }

  /**
   * One write per changed contact: an insert for new ones, an update conditional on the version
   * read; each carries the history entries of its changes as pending (see ContactHistory).
   */
  List<WriteModel<Document>> contactWrites() {
    List<WriteModel<Document>> writes = new ArrayList<>();
    for (Working w : working.values()) {
      if (w.dirty) {
        writes.add(w.loadedVersion == null ? ContactStore.insertModel(w.current, w.history)
            : ContactStore.updateModel(w.current, w.loadedVersion, w.history));
      }
    }
    return writes;
  }

  /** The history entries of this batch's contact writes (pending on the contacts once written). */
  List<Document> historyEntries() {
    List<Document> entries = new ArrayList<>();
    for (Working w : working.values()) {
      if (w.dirty) {
        entries.addAll(w.history);
      }
    }
    return entries;
  }

  /**
   * Contacts this batch looked at that held history entries not yet copied when they were read
   * (left by a write that did not finish, e.g. the one a redelivered upsert repeats).
   */
  List<String> loadedWithPendingHistory() {
    List<String> ids = new ArrayList<>();
    working.forEach((id, w) -> {
      if (w.loadedWithPendingHistory) {
        ids.add(id);
      }
    });
    return ids;
  }

  /** Contacts this batch creates (their DNC state is read after the write). */
  List<Contact> created() {
    List<Contact> created = new ArrayList<>();
    for (Working w : working.values()) {
      if (w.dirty && w.loadedVersion == null) {
        created.add(w.current.contact());
      }
    }
    return created;
  }
}
