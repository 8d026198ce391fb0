package io.contactsplatform.resolver.state;

import io.contactsplatform.events.audience.AudienceRow;
import io.contactsplatform.events.call.start.CallStart;
import io.contactsplatform.events.call.variables.AgentVariables;
import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.events.dnc.change.DncChange;
import io.contactsplatform.resolver.readmodel.DncReadiness;
import io.contactsplatform.schemas.InvalidEventException;
import io.contactsplatform.schemas.Topics;
import io.contactsplatform.support.kafka.DncChangeChecks;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second stage of the topology, one task per partition number: every input is keyed
 * {@code workspace:E164} (dnc-changes as published, the others through repartition topics), so a
 * task holds the contacts, DNC state and audience rows of its numbers and answers the call-starts
 * to them from its own stores. Kafka Streams restores the stores before the task processes
 * anything (a call-start waits for the state) and feeds the task's inputs in timestamp order
 * ({@code max.task.idle.ms}, KIP-695): a DNC change published before a call-start is applied before
 * that call-start is answered.
 */
final class PhoneStateProcessors {

  private static final Logger log = LoggerFactory.getLogger(PhoneStateProcessors.class);

  private PhoneStateProcessors() {
  }

  /**
   * dnc-changes → store {@link StateStores#DNC} (newest version wins), every record's position
   * reported to {@link DncReadiness}; a contract-breaking or undecodable change is dead-lettered
   * (it would otherwise stop the partition and with it every call to its numbers).
   */
  static final class Dnc implements Processor<String, byte[], String, byte[]> {

    private final MeterRegistry registry;
    private final DncReadiness readiness;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> store;

    Dnc(MeterRegistry registry, DncReadiness readiness) {
      this.registry = registry;
      this.readiness = readiness;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
      this.context = context;
      this.store = context.getStateStore(StateStores.DNC);
    }

    @Override
    public void process(Record<String, byte[]> record) {
      try {
        apply(record);
      } finally {
        context.recordMetadata().ifPresent(m -> readiness.applied(m.partition(), m.offset()));
      }
    }

    private void apply(Record<String, byte[]> record) {
      if (record.value() == null) {
        return;
      }
      DncChange change;
      try {
        change = DncChangeChecks.requireValid(StateFacts.CODEC.decode(DncChange.class, record.value()));
      } catch (InvalidEventException e) {
        DeadLetterRecords.forward(context, record, e.getMessage(), "invalid", registry);
        return;
      }
      String key = StateStores.phoneKey(change.getWorkspaceId(), change.getPhoneE164());
      if (!key.equals(record.key())) {
        log.warn("dnc-changes record keyed other than workspace:phoneE164; stored under its number's key");
      }
      byte[] held = store.get(key);
      if (held == null || StateFacts.CODEC.decode(DncChange.class, held).getVersion() < change.getVersion()) {
        store.put(key, record.value());
      }
    }
  }

  /**
   * The claims and releases of numbers from {@link ByPhoneRouters.ContactChanges} → store
   * {@link StateStores#CONTACTS_BY_PHONE}. A number is claimed only by the contact already holding
   * it (a newer version) or by a contact updated at least as recently as the holder, so changes of
   * two contacts arriving out of order cannot hand a number back to its former owner; a release
   * removes the number only from the contact that holds it.
   */
  static final class ContactsByPhone implements Processor<String, byte[], String, byte[]> {

    private KeyValueStore<String, byte[]> store;

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
      this.store = context.getStateStore(StateStores.CONTACTS_BY_PHONE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
      ContactChange change = StateFacts.CODEC.decode(ContactChange.class, record.value());
      String phone = record.key().substring(change.getWorkspaceId().length() + 1);
      byte[] heldBytes = store.get(record.key());
      ContactChange held = heldBytes == null ? null : StateFacts.CODEC.decode(ContactChange.class, heldBytes);
      boolean claim = StateFacts.resolvable(change) && phone.equals(change.getContact().getPhoneE164());
      if (claim) {
        boolean sameContact = held != null && held.getContactId().equals(change.getContactId());
        boolean mayClaim = held == null
            || (sameContact ? held.getVersion() < change.getVersion()
                : !StateFacts.resolvable(held) || held.getContact().getUpdatedAt() == null
                    || !held.getContact().getUpdatedAt().isAfter(change.getContact().getUpdatedAt()));
        if (mayClaim) {
          store.put(record.key(), record.value());
        }
      } else if (held != null && held.getContactId().equals(change.getContactId())
          && held.getVersion() < change.getVersion()) {
        store.delete(record.key());
      }
    }
  }

  /**
   * Audience rows keyed by number → store {@link StateStores#AUDIENCE} (the newest row of each
   * (number, campaign)) and {@link StateStores#AUDIENCE_IMPORTS} (each import's numbers in row
   * order, for readiness reports).
   */
  static final class Audience implements Processor<String, byte[], String, byte[]> {

    private KeyValueStore<String, byte[]> rows;
    private KeyValueStore<String, byte[]> imports;

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
      this.rows = context.getStateStore(StateStores.AUDIENCE);
      this.imports = context.getStateStore(StateStores.AUDIENCE_IMPORTS);
    }

    @Override
    public void process(Record<String, byte[]> record) {
      AudienceRow row = StateFacts.CODEC.decode(AudienceRow.class, record.value());
      String ws = row.getWorkspaceId();
      rows.put(StateStores.audienceKey(ws, row.getPhoneE164(), row.getCampaignId()), record.value());
      if (row.getImportId() != null && !row.getImportId().isBlank()) {
        imports.put(StateStores.importRowKey(ws, row.getImportId(), row.getRowNumber(), row.getPhoneE164()),
            row.getCampaignId().getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  /**
   * Call-starts keyed by number → one answer each on agent-variables, kept in
   * {@link StateStores#ANSWERS} by {@code workspace:callId}. Under exactly-once the answer, the
   * store update and the call-start's offset are committed in one transaction, so a call-start
   * redelivered after a crash is processed as if for the first time against the same committed
   * state, and a call-start retried with a known callId gets the stored answer published again,
   * byte for byte (same eventId, same decision): never a second decision. Answers older than
   * {@code retention} are swept every {@code sweepEvery} (wall clock).
   */
  static final class CallStarts implements Processor<String, byte[], String, byte[]> {

    private final CallAnswerer answerer;
    private final DncReadiness readiness;
    private final Duration retention;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> contacts;
    private KeyValueStore<String, byte[]> dnc;
    private KeyValueStore<String, byte[]> audience;
    private KeyValueStore<String, byte[]> answers;

    CallStarts(CallAnswerer answerer, DncReadiness readiness, Duration retention) {
      this.answerer = answerer;
      this.readiness = readiness;
      this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
      this.context = context;
      this.contacts = context.getStateStore(StateStores.CONTACTS_BY_PHONE);
      this.dnc = context.getStateStore(StateStores.DNC);
      this.audience = context.getStateStore(StateStores.AUDIENCE);
      this.answers = context.getStateStore(StateStores.ANSWERS);
      readiness.taskStarted(context.taskId().partition());
      Duration sweepEvery = retention.dividedBy(10).compareTo(Duration.ofMinutes(10)) > 0
          ? Duration.ofMinutes(10) : retention.dividedBy(10);
      context.schedule(sweepEvery, PunctuationType.WALL_CLOCK_TIME, this::sweep);
    }

    @Override
    public void process(Record<String, byte[]> record) {
      CallStart start = StateFacts.CODEC.decode(CallStart.class, record.value());
      String answerKey = Topics.key(start.getWorkspaceId(), start.getCallId());
      byte[] stored = answers.get(answerKey);
      if (stored != null) {
        byte[] answer = new byte[stored.length - Long.BYTES];
        System.arraycopy(stored, Long.BYTES, answer, 0, answer.length);
        answerer.duplicate(start, StateFacts.CODEC.decode(AgentVariables.class, answer));
        context.forward(new Record<>(answerKey, answer, context.currentSystemTimeMs()));
        return;
      }
      String phoneKey = record.key();
      int partition = context.taskId().partition();
      StateFacts facts = new StateFacts(contacts.get(phoneKey), dnc.get(phoneKey), null,
          readiness.uncertaintyForCall(partition), null);
      if (start.getCampaignId() != null) {
        facts = new StateFacts(facts.contact(), facts.dnc(),
            audience.get(phoneKey + "|" + start.getCampaignId()), facts.dncUncertainty(), null);
      }
      AgentVariables answer = answerer.answer(start, facts);
      byte[] bytes = StateFacts.CODEC.encode(answer);
      long now = context.currentSystemTimeMs();
      answers.put(answerKey, ByteBuffer.allocate(Long.BYTES + bytes.length).putLong(now).put(bytes).array());
      context.forward(new Record<>(answerKey, bytes, now));
    }

    private void sweep(long now) {
      long before = now - retention.toMillis();
      List<String> expired = new ArrayList<>();
      try (KeyValueIterator<String, byte[]> all = answers.all()) {
        while (all.hasNext()) {
          KeyValue<String, byte[]> next = all.next();
          if (ByteBuffer.wrap(next.value).getLong() < before) {
            expired.add(next.key);
          }
        }
      }
      expired.forEach(answers::delete);
      if (!expired.isEmpty()) {
        log.info("task {}: {} answers older than {} forgotten", context.taskId(), expired.size(), retention);
      }
    }
  }
}
