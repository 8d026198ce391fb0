package io.contactsplatform.resolver.state;

import io.contactsplatform.events.audience.AudienceRow;
import io.contactsplatform.events.call.start.CallStart;
import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.events.contact.change.ContactState;
import io.contactsplatform.schemas.InvalidEventException;
import io.contactsplatform.support.kafka.DncChangeChecks;
import io.contactsplatform.support.phone.PhoneNumbers;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The first stage of the topology: processors that read a topic keyed by something else than the
 * number and re-key its records to {@code workspace:E164}, so that the second stage finds a call's
 * contact, DNC state and audience row in one partition. Undecodable or contract-breaking records are
 * dead-lettered here ({@link DeadLetterRecords}).
 */
final class ByPhoneRouters {

  private ByPhoneRouters() {
  }

  /**
   * A first-stage processor: skips Kafka tombstones, hands every other record to {@link #route}
   * with the context and the registry for dead letters.
   */
  abstract static class Router implements Processor<String, byte[], String, byte[]> {

    final MeterRegistry registry;
    ProcessorContext<String, byte[]> context;

    Router(MeterRegistry registry) {
      this.registry = registry;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
      this.context = context;
    }

    @Override
    public final void process(Record<String, byte[]> record) {
      if (record.value() != null) {
        route(record);
      }
    }

    /** Forwards the record re-keyed, or dead-letters it. */
    abstract void route(Record<String, byte[]> record);
  }

  /**
   * call-starts ({@code workspace:callId}) → {@code workspace:E164} of the parsed number (shared
   * {@link PhoneNumbers}); a number that does not parse is keyed {@code workspace:invalid:<callId>}
   * and answered BLOCKED_INVALID_REQUEST by the second stage, which also keeps every answer. A
   * call-start without callId or workspace is dead-lettered.
   */
  static final class CallStarts extends Router {

    CallStarts(MeterRegistry registry) {
      super(registry);
    }

    @Override
    void route(Record<String, byte[]> record) {
      CallStart start;
      try {
        start = StateFacts.CODEC.decode(CallStart.class, record.value());
      } catch (InvalidEventException e) {
        DeadLetterRecords.forward(context, record, e.getMessage(), "undecodable", registry);
        return;
      }
      if (start.getCallId() == null || start.getCallId().isBlank()) {
        DeadLetterRecords.forward(context, record, "CallStart has no callId", "invalid", registry);
        return;
      }
      if (start.getWorkspaceId() == null || start.getWorkspaceId().isBlank()) {
        DeadLetterRecords.forward(context, record, "CallStart has no workspaceId", "invalid", registry);
        return;
      }
      String e164 = start.getPhone() == null ? null : PhoneNumbers.toE164(start.getPhone(), null).orElse(null);
      String key = StateStores.phoneKey(start.getWorkspaceId(), e164 != null ? e164 : "invalid:" + start.getCallId());
      context.forward(record.withKey(key));
    }
  }

  /**
   * contact-changes ({@code workspace:contactId}) → store {@link StateStores#CONTACTS_BY_ID} (newest
   * version wins; a tombstone keeps its version so an older change never resurrects a contact), and
   * the change forwarded keyed by the number it leaves (a release) and by the number it holds (a
   * claim), for {@link PhoneStateProcessors.ContactsByPhone}.
   */
  static final class ContactChanges extends Router {

    private KeyValueStore<String, byte[]> byId;

    ContactChanges(MeterRegistry registry) {
      super(registry);
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
      super.init(context);
      this.byId = context.getStateStore(StateStores.CONTACTS_BY_ID);
    }

    @Override
    void route(Record<String, byte[]> record) {
      ContactChange change;
      try {
        change = valid(StateFacts.CODEC.decode(ContactChange.class, record.value()));
      } catch (InvalidEventException e) {
        DeadLetterRecords.forward(context, record, e.getMessage(), "invalid", registry);
        return;
      }
      String ws = change.getWorkspaceId();
      String idKey = StateStores.phoneKey(ws, change.getContactId());
      byte[] heldBytes = byId.get(idKey);
      ContactChange held = heldBytes == null ? null : StateFacts.CODEC.decode(ContactChange.class, heldBytes);
      if (held != null && held.getVersion() >= change.getVersion()) {
        return;
      }
      byId.put(idKey, record.value());
      String oldPhone = held != null && StateFacts.resolvable(held) ? held.getContact().getPhoneE164() : null;
      String newPhone = StateFacts.resolvable(change) ? change.getContact().getPhoneE164() : null;
      if (oldPhone != null && !oldPhone.equals(newPhone)) {
        context.forward(record.withKey(StateStores.phoneKey(ws, oldPhone)));
      }
      if (newPhone != null) {
        context.forward(record.withKey(StateStores.phoneKey(ws, newPhone)));
      }
    }

    private static ContactChange valid(ContactChange change) {
      String id = change.getContactId();
      if (id == null || id.isBlank()) {
        throw new InvalidEventException("ContactChange has no contactId");
      }
      if (change.getWorkspaceId() == null || change.getWorkspaceId().isBlank()) {
        throw new InvalidEventException("ContactChange " + id + " has no workspaceId");
      }
      ContactState state = change.getContact();
      if (!change.getDeleted() && state == null) {
        throw new InvalidEventException("ContactChange " + id + " is not deleted but carries no contact");
      }
      if (state != null) {
        DncChangeChecks.requireE164("ContactChange " + id + " phoneE164", state.getPhoneE164());
      }
      return change;
    }
  }

  /**
   * audience-rows ({@code workspace:campaignId:E164}) → {@code workspace:E164}; a row without
   * campaignId or with a number that is not E.164 is dead-lettered.
   */
  static final class AudienceRows extends Router {

    AudienceRows(MeterRegistry registry) {
      super(registry);
    }

    @Override
    void route(Record<String, byte[]> record) {
      AudienceRow row;
      try {
        row = StateFacts.CODEC.decode(AudienceRow.class, record.value());
        if (row.getCampaignId() == null || row.getCampaignId().isBlank()) {
          throw new InvalidEventException("AudienceRow has no campaignId");
        }
        DncChangeChecks.requireE164("AudienceRow phoneE164", row.getPhoneE164());
      } catch (InvalidEventException e) {
        DeadLetterRecords.forward(context, record, e.getMessage(), "invalid", registry);
        return;
      }
      context.forward(record.withKey(StateStores.phoneKey(row.getWorkspaceId(), row.getPhoneE164())));
    }
  }
}
