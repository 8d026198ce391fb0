package io.contactsplatform.contactservice;

import static io.contactsplatform.contactservice.ContactServiceHarness.condition;
import static io.contactsplatform.contactservice.ContactServiceHarness.freshWorkspace;
import static io.contactsplatform.contactservice.ContactServiceHarness.key;
import static io.contactsplatform.contactservice.ContactServiceHarness.randomPhone;
import static io.contactsplatform.contactservice.ContactServiceHarness.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.events.contact.upsert.ContactUpsert;
import io.contactsplatform.events.dnc.change.DncChange;
import io.contactsplatform.events.dnc.change.DncEntryState;
import io.contactsplatform.events.dnc.change.DncScope;
import io.contactsplatform.events.dnc.change.DncSource;
import io.contactsplatform.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** The DNC view on contacts, projected from dnc-changes, and the {@code dnc} filter. */
interface DncViewScenarios extends ContactServiceHarness {

  static DncEntryState entry(DncScope scope, String campaignId, DncSource source, Instant expiresAt, Instant removedAt) {
    return DncEntryState.newBuilder().setEntryId(UUID.randomUUID().toString()).setScope(scope).setCampaignId(campaignId)
        .setDncSource(source).setReason("test").setActor("tester").setCreatedAt(Instant.now().minusSeconds(60))
        .setExpiresAt(expiresAt).setRemovedAt(removedAt).build();
  }

  static DncChange change(String workspace, String phone, long version, List<DncEntryState> entries) {
    return DncChange.newBuilder().setEventId(UUID.randomUUID()).setWorkspaceId(workspace).setOccurredAt(Instant.now())
        .setSource("dnc-service").setPhoneE164(phone).setVersion(version).setEntries(entries).build();
  }

  default void publish(DncChange change) {
    bus().send(Topics.DNC_CHANGES, Topics.key(change.getWorkspaceId(), change.getPhoneE164()), change);
  }

  @SuppressWarnings("unchecked")
  default Map<String, Object> awaitDnc(String apiKey, String contactId, Predicate<Map<String, Object>> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Map<String, Object> dnc;
    do {
      dnc = (Map<String, Object>) okJson(send(HttpMethod.GET, apiKey, "/v1/contacts/" + contactId, null)).get("dnc");
      if (condition.test(dnc)) {
        return dnc;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } while (System.nanoTime() < deadline);
    throw new AssertionError("DNC view of " + contactId + " is still " + dnc);
  }

  default long dncMatches(String apiKey, String contactId, boolean blocked) {
    Map<String, Object> page = okJson(send(HttpMethod.POST, apiKey, "/v1/contacts/search", Map.of("filter",
        Map.of("all", List.of(condition("id", "eq", contactId), condition("dnc", "eq", blocked))))));
    return ((Number) page.get("total")).longValue();
  }

  @Test
  default void shouldShowDncStateWithSourcesAndLetFiltersExcludeBlockedContacts() {
    Ws ws = freshWorkspace();
    String phone = randomPhone();
    String id = contactId(ws.key(), Map.of("phone", phone));

    publish(change(ws.id(), phone, 1, List.of(entry(DncScope.WORKSPACE, null, DncSource.MANUAL, null, null),
        entry(DncScope.CAMPAIGN, "spring", DncSource.CALL_OPT_OUT, null, null))));

    Map<String, Object> dnc = awaitDnc(ws.key(), id, d -> Boolean.TRUE.equals(d.get("blocked")));
    assertThat(dnc).containsEntry("sources", List.of("MANUAL", "CALL_OPT_OUT"))
        .containsEntry("blockedCampaigns", List.of("spring"));
    assertThat(dncMatches(ws.key(), id, true)).isEqualTo(1);
    assertThat(dncMatches(ws.key(), id, false)).isZero();

    publish(change(ws.id(), phone, 2, List.of(entry(DncScope.WORKSPACE, null, DncSource.MANUAL, null, Instant.now()),
        entry(DncScope.CAMPAIGN, "spring", DncSource.CALL_OPT_OUT, null, null))));
    dnc = awaitDnc(ws.key(), id, d -> Boolean.FALSE.equals(d.get("blocked")));
    assertThat(dnc).containsEntry("sources", List.of("CALL_OPT_OUT")).containsEntry("blockedCampaigns", List.of("spring"));
    assertThat(dncMatches(ws.key(), id, false)).isEqualTo(1);

    publish(change(ws.id(), phone, 1, List.of(entry(DncScope.WORKSPACE, null, DncSource.MANUAL, null, null))));
    String marker = randomPhone();
    String markerId = contactId(ws.key(), Map.of("phone", marker));
    publish(change(ws.id(), marker, 1, List.of(entry(DncScope.WORKSPACE, null, DncSource.IMPORT, null, null))));
    awaitDnc(ws.key(), markerId, d -> Boolean.TRUE.equals(d.get("blocked")));
    assertThat(awaitDnc(ws.key(), id, d -> true)).containsEntry("blocked", false);
  }

  @Test
  default void shouldIgnoreExpiredEntries() {
    Ws ws = freshWorkspace();
    String phone = randomPhone();
    String id = contactId(ws.key(), Map.of("phone", phone));

    publish(change(ws.id(), phone, 1, List.of(
        entry(DncScope.WORKSPACE, null, DncSource.COMPLIANCE_FEED, Instant.now().minusSeconds(5), null),
        entry(DncScope.CAMPAIGN, "autumn", DncSource.MANUAL, Instant.now().plusSeconds(3600), null))));

    Map<String, Object> dnc = awaitDnc(ws.key(), id, d -> !((List<?>) d.get("blockedCampaigns")).isEmpty());
    assertThat(dnc).containsEntry("blocked", false).containsEntry("sources", List.of("MANUAL"));
    assertThat(dncMatches(ws.key(), id, true)).isZero();
  }

  @Test
  default void shouldGiveANewOrRenumberedContactTheDncStateOfItsNumberThatArrivedFirst() {
    Ws ws = freshWorkspace();
    String byApi = randomPhone();
    String byUpsert = randomPhone();
    String marker = randomPhone();
    String byPatch = randomPhone();
    publish(change(ws.id(), byPatch, 1, List.of(entry(DncScope.WORKSPACE, null, DncSource.CALL_OPT_OUT, null, null))));
    publish(change(ws.id(), byApi, 1, List.of(entry(DncScope.WORKSPACE, null, DncSource.NATIONAL_REGISTRY, null, null))));
    publish(change(ws.id(), byUpsert, 1, List.of(entry(DncScope.WORKSPACE, null, DncSource.MANUAL, null, null))));
    publish(change(ws.id(), marker, 1, List.of(entry(DncScope.WORKSPACE, null, DncSource.MANUAL, null, null))));
    String markerId = contactId(ws.key(), Map.of("phone", marker));
    awaitDnc(ws.key(), markerId, d -> Boolean.TRUE.equals(d.get("blocked")));

    String apiId = contactId(ws.key(), Map.of("phone", byApi));
    ContactUpsert upsert = upsert(ws.id(), byUpsert, "Blocked");
    bus().send(Topics.CONTACT_UPSERTS, key(upsert), upsert);
    String upsertId = resultFor(upsert).getContactId();

    assertThat(awaitDnc(ws.key(), apiId, d -> true)).containsEntry("blocked", true)
        .containsEntry("sources", List.of("NATIONAL_REGISTRY"));
    assertThat(awaitDnc(ws.key(), upsertId, d -> true)).containsEntry("blocked", true);
    String moved = contactId(ws.key(), Map.of("phone", randomPhone()));
    send(HttpMethod.PATCH, ws.key(), "/v1/contacts/" + moved, Map.of("phone", byPatch)).expectStatus().isOk();
    assertThat(awaitDnc(ws.key(), moved, d -> true)).containsEntry("blocked", true)
        .containsEntry("sources", List.of("CALL_OPT_OUT"));
  }

  @Test
  default void shouldDeadLetterAnUndecodableDncChangeAndApplyTheChangesAroundIt() {
    Ws ws = freshWorkspace();
    String before = randomPhone();
    String after = randomPhone();
    String beforeId = contactId(ws.key(), Map.of("phone", before));
    String afterId = contactId(ws.key(), Map.of("phone", after));
    byte[] garbage = ("garbage-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);

    publish(change(ws.id(), before, 1, List.of(entry(DncScope.WORKSPACE, null, DncSource.MANUAL, null, null))));
    bus().sendRaw(Topics.DNC_CHANGES.name(), Topics.key(ws.id(), after), garbage);
    publish(change(ws.id(), after, 1, List.of(entry(DncScope.WORKSPACE, null, DncSource.CALL_OPT_OUT, null, null))));

    ConsumerRecord<String, byte[]> dead = bus().readRaw(Topics.DNC_CHANGES.deadLetter(), 1,
        r -> Arrays.equals(r.value(), garbage)).get(0);
    assertThat(ContactServiceHarness.header(dead, "kafka_dlt-original-topic")).isEqualTo("dnc-changes");
    assertThat(awaitDnc(ws.key(), beforeId, d -> Boolean.TRUE.equals(d.get("blocked"))))
        .containsEntry("sources", List.of("MANUAL"));
    assertThat(awaitDnc(ws.key(), afterId, d -> Boolean.TRUE.equals(d.get("blocked"))))
        .containsEntry("sources", List.of("CALL_OPT_OUT"));
  }

  @Test
  default void shouldDeadLetterADncChangeWhosePhoneIsNotE164AndApplyTheChangesAroundIt() {
    Ws ws = freshWorkspace();
    String before = randomPhone();
    String after = randomPhone();
    String beforeId = contactId(ws.key(), Map.of("phone", before));
    String afterId = contactId(ws.key(), Map.of("phone", after));
    DncChange invalid = change(ws.id(), "12345", 1, List.of(entry(DncScope.WORKSPACE, null, DncSource.MANUAL, null, null)));

    publish(change(ws.id(), before, 1, List.of(entry(DncScope.WORKSPACE, null, DncSource.MANUAL, null, null))));
    publish(invalid);
    publish(change(ws.id(), after, 1, List.of(entry(DncScope.WORKSPACE, null, DncSource.CALL_OPT_OUT, null, null))));

    ConsumerRecord<String, byte[]> dead = bus().readRaw(Topics.DNC_CHANGES.deadLetter(), 1,
        r -> Topics.key(ws.id(), "12345").equals(r.key())).get(0);
    assertThat(ContactServiceHarness.header(dead, "kafka_dlt-original-topic")).isEqualTo("dnc-changes");
    assertThat(ContactServiceHarness.header(dead, "dlt-reason")).contains("not valid E.164");
    assertThat(awaitDnc(ws.key(), beforeId, d -> Boolean.TRUE.equals(d.get("blocked"))))
        .containsEntry("sources", List.of("MANUAL"));
    assertThat(awaitDnc(ws.key(), afterId, d -> Boolean.TRUE.equals(d.get("blocked"))))
        .containsEntry("sources", List.of("CALL_OPT_OUT"));
  }
}
