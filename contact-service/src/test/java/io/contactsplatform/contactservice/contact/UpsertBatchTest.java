package io.contactsplatform.contactservice.contact;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.contactservice.customfield.CustomFieldDefinition;
import io.contactsplatform.support.customfield.CustomFieldType;
import io.contactsplatform.contactservice.dncview.DncState;
import com.mongodb.client.model.InsertOneModel;
import io.contactsplatform.contactservice.history.HistoryDocuments;
import io.contactsplatform.events.contact.result.UpsertOutcome;
import io.contactsplatform.events.contact.upsert.ContactData;
import io.contactsplatform.events.contact.upsert.ContactUpsert;
import io.contactsplatform.events.contact.upsert.DuplicatePolicy;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class UpsertBatchTest {

  private static final String WS = "ws";
  private static final String PHONE = "+14155550132";
  private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

  private final AtomicInteger ids = new AtomicInteger();

  private UpsertBatch batch(Map<String, String> keys, Map<String, StoredContact> contacts,
                            Map<String, CustomFieldDefinition> definitions) {
    return new UpsertBatch(keys, contacts, Map.of(WS, definitions), () -> "new-" + ids.incrementAndGet(), NOW);
  }

  private static ContactUpsert upsert(String phone, DuplicatePolicy policy, ContactData.Builder data) {
    return ContactUpsert.newBuilder().setEventId(UUID.randomUUID()).setWorkspaceId(WS).setOccurredAt(NOW)
        .setSource("import-service").setImportId("imp").setRowNumber(1L).setDuplicatePolicy(policy)
        .setContact(data.setPhoneE164(phone).build()).build();
  }

  private static ContactData.Builder data() {
    return ContactData.newBuilder();
  }

  private static StoredContact existing(String id, String phone, String firstName, String company, String status) {
    Contact c = new Contact(id, WS, phone, null, null, firstName, null, null, company, null, null, "UNKNOWN",
        List.of(), List.of("old"), false, Map.of(), "MANUAL", status, NOW.minusSeconds(60), NOW.minusSeconds(60), 3);
    return new StoredContact(c, DncState.NONE, List.of());
  }

  @Test
  void shouldMakeOneContactFromRepeatedNumberWithAVersionPerChange() {
    UpsertBatch batch = batch(Map.of(), Map.of(), Map.of());

    batch.apply(0, upsert(PHONE, DuplicatePolicy.MERGE, data().setFirstName("Ada")));
    batch.apply(1, upsert(PHONE, DuplicatePolicy.MERGE, data().setCompany("Engines")));
    batch.apply(2, upsert(PHONE, DuplicatePolicy.MERGE, data().setFirstName("Other")));

    assertThat(batch.steps()).extracting(UpsertBatch.Step::outcome)
        .containsExactly(UpsertOutcome.CREATED, UpsertOutcome.UPDATED, UpsertOutcome.UNCHANGED);
    assertThat(batch.steps()).extracting(UpsertBatch.Step::contactId).containsOnly("new-1");
    assertThat(batch.steps().get(1).publish().version()).isEqualTo(2);
    assertThat(batch.steps().get(1).publish().firstName()).isEqualTo("Ada");
    assertThat(batch.steps().get(2).publish()).isNull();
    assertThat(batch.newKeys()).hasSize(1);
    assertThat(batch.contactWrites()).hasSize(1);
  }

  @Test
  void shouldAnswerARedeliveredUpsertWithItsOriginalOutcomeAndWriteNothing() {
    ContactUpsert upsert = upsert(PHONE, DuplicatePolicy.OVERWRITE, data().setFirstName("Grace"));
    StoredContact stored = existing("c1", PHONE, "Ada", null, Contact.ACTIVE)
        .withUpsert(existing("c1", PHONE, "Grace", null, Contact.ACTIVE).contact(),
            upsert.getEventId().toString(), "UPDATED");
    UpsertBatch batch = batch(Map.of(ContactStore.phoneKey(WS, PHONE), "c1"), Map.of("c1", stored), Map.of());

    batch.apply(0, upsert);

    assertThat(batch.steps()).singleElement().satisfies(step -> {
      assertThat(step.outcome()).isEqualTo(UpsertOutcome.UPDATED);
      assertThat(step.publish()).isEqualTo(stored.contact());
    });
    assertThat(batch.contactWrites()).isEmpty();
  }

  @Test
  void shouldCarryOneHistoryEntryPerChangeOnTheContactWrite() {
    UpsertBatch batch = batch(Map.of(), Map.of(), Map.of());

    batch.apply(0, upsert(PHONE, DuplicatePolicy.MERGE, data().setFirstName("Ada")));
    batch.apply(1, upsert(PHONE, DuplicatePolicy.MERGE, data().setCompany("Engines")));
    batch.apply(2, upsert(PHONE, DuplicatePolicy.MERGE, data().setFirstName("Other")));

    List<Document> entries = batch.historyEntries();
    assertThat(entries).extracting(e -> e.get("version")).containsExactly(1L, 2L);
    assertThat(entries).extracting(e -> e.get("operation")).containsExactly("CREATED", "UPDATED");
    assertThat(entries.get(1).get("source", Document.class)).containsEntry("kind", "IMPORT")
        .containsEntry("importId", "imp").containsEntry("row", 1L);
    assertThat(entries.get(1).getList("changes", Document.class)).singleElement()
        .satisfies(change -> assertThat(change).containsEntry("field", "company").containsEntry("after", "Engines"));
    Document inserted = ((InsertOneModel<Document>) batch.contactWrites().get(0)).getDocument();
    assertThat(inserted.getList(HistoryDocuments.PENDING, Document.class)).isEqualTo(entries);
  }

  @Test
  void shouldNameALoadedContactThatStillHoldsHistoryEntriesAndRecordNothingForARedelivery() {
    ContactUpsert upsert = upsert(PHONE, DuplicatePolicy.OVERWRITE, data().setFirstName("Grace"));
    StoredContact written = existing("c1", PHONE, "Ada", null, Contact.ACTIVE)
        .withUpsert(existing("c1", PHONE, "Grace", null, Contact.ACTIVE).contact(), upsert.getEventId().toString(),
            "UPDATED");
    StoredContact unflushed = new StoredContact(written.contact(), written.dnc(), written.recentUpserts(), true);
    UpsertBatch batch = batch(Map.of(ContactStore.phoneKey(WS, PHONE), "c1"), Map.of("c1", unflushed), Map.of());

    batch.apply(0, upsert);

    assertThat(batch.historyEntries()).isEmpty();
    assertThat(batch.loadedWithPendingHistory()).containsExactly("c1");
  }

  @Test
  void shouldFollowTheDuplicatePolicy() {
    Map<String, String> keys = Map.of(ContactStore.phoneKey(WS, PHONE), "c1");
    Map<String, StoredContact> contacts = Map.of("c1", existing("c1", PHONE, "Ada", null, Contact.ACTIVE));

    UpsertBatch skip = batch(keys, contacts, Map.of());
    skip.apply(0, upsert(PHONE, DuplicatePolicy.SKIP_EXISTING, data().setFirstName("New")));
    UpsertBatch merge = batch(keys, contacts, Map.of());
    merge.apply(0, upsert(PHONE, DuplicatePolicy.MERGE, data().setFirstName("New").setCompany("Co").setTags(List.of("x"))));
    UpsertBatch overwrite = batch(keys, contacts, Map.of());
    overwrite.apply(0, upsert(PHONE, DuplicatePolicy.OVERWRITE, data().setFirstName("New")));

    assertThat(skip.steps().get(0).outcome()).isEqualTo(UpsertOutcome.UNCHANGED);
    assertThat(skip.steps().get(0).reasonCode()).isEqualTo("SKIPPED_EXISTING");
    Contact merged = merge.steps().get(0).publish();
    assertThat(merged.firstName()).isEqualTo("Ada");
    assertThat(merged.company()).isEqualTo("Co");
    assertThat(merged.tags()).containsExactly("old", "x");
    assertThat(merged.version()).isEqualTo(4);
    assertThat(overwrite.steps().get(0).publish().firstName()).isEqualTo("New");
  }

  @Test
  void shouldRejectAnInvalidNumberOrACustomFieldThatDoesNotFitNamingIt() {
    CustomFieldDefinition score = new CustomFieldDefinition("score", "Score", CustomFieldType.NUMBER, List.of(), false,
        null, "ops", null, NOW, NOW);
    UpsertBatch batch = batch(Map.of(), Map.of(), Map.of("score", score));

    batch.apply(0, upsert("+1415", DuplicatePolicy.MERGE, data()));
    batch.apply(1, upsert(PHONE, DuplicatePolicy.MERGE, data().setCustomFields(Map.of("score", "high"))));
    batch.apply(2, upsert("+14155550133", DuplicatePolicy.MERGE, data().setCustomFields(Map.of("tier", "a"))));
    batch.apply(3, upsert("+14155550134", DuplicatePolicy.MERGE, data().setCustomFields(Map.of("score", "12.50"))));

    assertThat(batch.steps()).extracting(UpsertBatch.Step::reasonCode)
        .containsExactly("INVALID_PHONE", "INVALID_CUSTOM_FIELD", "INVALID_CUSTOM_FIELD", null);
    assertThat(batch.steps().get(1).reason()).startsWith("cf:score");
    assertThat(batch.steps().get(2).reason()).startsWith("cf:tier");
    assertThat(batch.steps().get(3).publish().customFields()).containsEntry("score", 12.5);
  }

  @Test
  void shouldRejectANumberThatIsValidButNotWrittenInE164() {
    UpsertBatch batch = batch(Map.of(), Map.of(), Map.of());

    batch.apply(0, upsert("+1 (415) 555-0132", DuplicatePolicy.MERGE, data()));
    batch.apply(1, upsert("4155550132", DuplicatePolicy.MERGE, data()));
    batch.apply(2, upsert(PHONE, DuplicatePolicy.MERGE, data()));

    assertThat(batch.steps()).extracting(UpsertBatch.Step::outcome)
        .containsExactly(UpsertOutcome.REJECTED, UpsertOutcome.REJECTED, UpsertOutcome.CREATED);
    assertThat(batch.steps().get(0).reasonCode()).isEqualTo("INVALID_PHONE");
  }

  @Test
  void shouldApplyDefaultsAndRefuseANewContactWithoutARequiredField() {
    Map<String, CustomFieldDefinition> defs = new HashMap<>();
    defs.put("region", new CustomFieldDefinition("region", "Region", CustomFieldType.TEXT, List.of(), true, "north",
        "ops", null, NOW, NOW));
    defs.put("owner_id", new CustomFieldDefinition("owner_id", "Owner", CustomFieldType.TEXT, List.of(), true, null,
        "ops", null, NOW, NOW));
    UpsertBatch batch = batch(Map.of(), Map.of(), defs);

    batch.apply(0, upsert(PHONE, DuplicatePolicy.MERGE, data()));
    batch.apply(1, upsert("+14155550133", DuplicatePolicy.MERGE, data().setCustomFields(Map.of("owner_id", "u1"))));

    assertThat(batch.steps().get(0).outcome()).isEqualTo(UpsertOutcome.REJECTED);
    assertThat(batch.steps().get(0).reason()).isEqualTo("cf:owner_id: required");
    assertThat(batch.steps().get(1).publish().customFields()).containsEntry("region", "north").containsEntry("owner_id", "u1");
  }

  @Test
  void shouldMatchByExternalIdWhenTheNumberIsUnknown() {
    StoredContact crm = new StoredContact(new Contact("c9", WS, "+14155550199", null, "sf-1", "Ada", null, null, null,
        null, null, "UNKNOWN", List.of(), List.of(), false, Map.of(), "crm", Contact.ACTIVE, NOW, NOW, 1),
        DncState.NONE, List.of());
    UpsertBatch batch = batch(Map.of(ContactStore.externalKey(WS, "sf-1"), "c9"), Map.of("c9", crm), Map.of());

    batch.apply(0, upsert(PHONE, DuplicatePolicy.MERGE, data().setExternalId("sf-1").setCompany("Co")));

    assertThat(batch.steps().get(0).outcome()).isEqualTo(UpsertOutcome.UPDATED);
    assertThat(batch.steps().get(0).contactId()).isEqualTo("c9");
  }

  @Test
  void shouldCreateUnderTheClaimedIdWhenAKeyPointsAtAContactNeverWritten() {
    UpsertBatch batch = batch(Map.of(ContactStore.phoneKey(WS, PHONE), "claimed"), Map.of(), Map.of());

    batch.apply(0, upsert(PHONE, DuplicatePolicy.MERGE, data().setFirstName("Ada")));

    assertThat(batch.steps().get(0).outcome()).isEqualTo(UpsertOutcome.CREATED);
    assertThat(batch.steps().get(0).contactId()).isEqualTo("claimed");
    assertThat(batch.newKeys()).isEmpty();
    assertThat(batch.created()).extracting(Contact::id).containsExactly("claimed");
  }

  @Test
  void shouldMoveAKeyLeftOnAnErasedOrRenumberedContactToANewContact() {
    StoredContact erased = existing("gone", null, null, null, Contact.ERASED);
    StoredContact renumbered = existing("moved", "+14155550177", "Ada", null, Contact.ACTIVE);
    UpsertBatch batch = batch(Map.of(ContactStore.phoneKey(WS, PHONE), "gone",
        ContactStore.phoneKey(WS, "+14155550133"), "moved"), Map.of("gone", erased, "moved", renumbered), Map.of());

    batch.apply(0, upsert(PHONE, DuplicatePolicy.MERGE, data().setFirstName("Back")));
    batch.apply(1, upsert("+14155550133", DuplicatePolicy.MERGE, data().setFirstName("New owner")));

    assertThat(batch.steps()).extracting(UpsertBatch.Step::outcome).containsOnly(UpsertOutcome.CREATED);
    assertThat(batch.swaps()).extracting(UpsertBatch.KeySwap::fromId).containsExactly("gone", "moved");
    assertThat(batch.newKeys()).isEmpty();
  }
}
