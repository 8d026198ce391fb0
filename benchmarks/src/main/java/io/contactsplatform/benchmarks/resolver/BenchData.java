package io.contactsplatform.benchmarks.resolver;

import io.contactsplatform.events.audience.AudienceRow;
import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.events.contact.change.ContactState;
import io.contactsplatform.events.contact.change.TimezoneSource;
import io.contactsplatform.events.dnc.change.DncChange;
import io.contactsplatform.events.dnc.change.DncEntryState;
import io.contactsplatform.events.dnc.change.DncScope;
import io.contactsplatform.events.dnc.change.DncSource;
import io.contactsplatform.schemas.SingleObjectEventCodec;
import io.contactsplatform.schemas.Topics;
import io.contactsplatform.support.phone.PhoneNumbers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The benchmark's dataset, generated deterministically and published straight onto the resolver's
 * input topics (no other service involved): contacts on contact-changes, one audience row per
 * contact on audience-rows (import {@value #IMPORT_ID} of campaign {@value #CAMPAIGN}), and DNC
 * numbers on dnc-changes, 1 % of them contacts' numbers so some calls come back BLOCKED_DNC.
 * Numbers are valid US numbers in ten single-zone area codes.
 */
final class BenchData {

  static final String WORKSPACE = "bench";
  static final String CAMPAIGN = "bench-campaign";
  static final String IMPORT_ID = "bench-import";
  static final Instant CREATED = Instant.parse("2026-11-01T00:00:00Z");

  private static final int[] AREAS = {212, 213, 312, 415, 617, 702, 305, 404, 206, 503};
  private static final String[] ZONES = {"America/New_York", "America/Los_Angeles", "America/Chicago",
      "America/Los_Angeles", "America/New_York", "America/Los_Angeles", "America/New_York", "America/New_York",
      "America/Los_Angeles", "America/Los_Angeles"};

  final List<String> contactPhones = new ArrayList<>();
  final List<String> contactZones = new ArrayList<>();
  final List<String> dncPhones = new ArrayList<>();

  /** {@code contacts} contact numbers (exchanges 201-399) and {@code dnc} DNC numbers (1 % shared, rest 400-999). */
  static BenchData generate(int contacts, int dnc) {
    BenchData data = new BenchData();
    long n = 0;
    while (data.contactPhones.size() < contacts) {
      int area = (int) (n % AREAS.length);
      String phone = number(AREAS[area], 201 + (int) ((n / AREAS.length / 10_000) % 199), (int) ((n / AREAS.length) % 10_000));
      n++;
      if (valid(phone)) {
        data.contactPhones.add(phone);
        data.contactZones.add(ZONES[area]);
      }
    }
    int shared = Math.min(contacts, dnc / 100);
    for (int i = 0; i < shared; i++) {
      data.dncPhones.add(data.contactPhones.get(i * (contacts / Math.max(1, shared))));
    }
    n = 0;
    while (data.dncPhones.size() < dnc) {
      String phone = number(AREAS[(int) (n % AREAS.length)], 400 + (int) ((n / AREAS.length / 10_000) % 599),
          (int) ((n / AREAS.length) % 10_000));
      n++;
      if (valid(phone)) {
        data.dncPhones.add(phone);
      }
    }
    return data;
  }

  private static String number(int area, int exchange, int line) {
    return String.format("+1%d%d%04d", area, exchange, line);
  }

  private static boolean valid(String e164) {
    int exchange = Integer.parseInt(e164.substring(5, 8));
    return exchange % 100 != 11 && exchange != 555 && e164.equals(PhoneNumbers.toE164(e164, null).orElse(null));
  }

  static String contactId(int index) {
    return UUID.nameUUIDFromBytes(("bench-contact-" + index).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** Publishes everything; answers the number of records sent. */
  long publish(String bootstrap) {
    SingleObjectEventCodec codec = new SingleObjectEventCodec();
    AtomicReference<Exception> failure = new AtomicReference<>();
    long sent = 0;
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
        ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024),
        new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < contactPhones.size(); i++) {
        ContactChange change = contact(i);
        producer.send(new ProducerRecord<>(Topics.CONTACT_CHANGES.name(), Topics.key(WORKSPACE, change.getContactId()),
            codec.encode(change)), (m, e) -> failure.compareAndSet(null, e));
        AudienceRow row = audienceRow(i);
        producer.send(new ProducerRecord<>(Topics.AUDIENCE_ROWS.name(),
            Topics.key(WORKSPACE, CAMPAIGN + ":" + row.getPhoneE164()), codec.encode(row)),
            (m, e) -> failure.compareAndSet(null, e));
        sent += 2;
      }
      for (String phone : dncPhones) {
        producer.send(new ProducerRecord<>(Topics.DNC_CHANGES.name(), Topics.key(WORKSPACE, phone),
            codec.encode(dnc(phone))), (m, e) -> failure.compareAndSet(null, e));
        sent++;
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("publishing the dataset failed", failure.get());
    }
    return sent;
  }

  private ContactChange contact(int i) {
    String zone = contactZones.get(i);
    return ContactChange.newBuilder()
        .setEventId(UUID.randomUUID()).setWorkspaceId(WORKSPACE).setOccurredAt(CREATED).setSource("benchmark")
        .setContactId(contactId(i)).setVersion(1)
        .setContact(ContactState.newBuilder()
            .setPhoneE164(contactPhones.get(i)).setFirstName("Name" + i).setCompany("Company " + (i % 997))
            .setTimezone(zone).setTimezoneSource(TimezoneSource.INFERRED_FROM_PHONE).setTimezoneCandidates(List.of(zone))
            .setCustomFields(Map.of("plan", i % 2 == 0 ? "gold" : "silver"))
            .setCreatedAt(CREATED).setUpdatedAt(CREATED).build())
        .build();
  }

  private AudienceRow audienceRow(int i) {
    return AudienceRow.newBuilder()
        .setEventId(UUID.randomUUID()).setWorkspaceId(WORKSPACE).setOccurredAt(CREATED).setSource("benchmark")
        .setCampaignId(CAMPAIGN).setPhoneE164(contactPhones.get(i)).setImportId(IMPORT_ID).setRowNumber((long) i + 1)
        .setColumns(Map.of("phone", contactPhones.get(i), "Plan", i % 3 == 0 ? "Premium" : "Basic"))
        .build();
  }

  private static DncChange dnc(String phone) {
    return DncChange.newBuilder()
        .setEventId(UUID.randomUUID()).setWorkspaceId(WORKSPACE).setOccurredAt(CREATED).setSource("benchmark")
        .setPhoneE164(phone).setVersion(1)
        .setEntries(List.of(DncEntryState.newBuilder()
            .setEntryId(UUID.randomUUID().toString()).setScope(DncScope.WORKSPACE)
            .setDncSource(DncSource.NATIONAL_REGISTRY).setReason("registry").setActor("benchmark")
            .setCreatedAt(CREATED).build()))
        .build();
  }

  static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
