package io.contactsplatform.resolver.state;

import io.contactsplatform.resolver.readmodel.DncReadiness;
import io.contactsplatform.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * The resolver's Kafka Streams topology (keys UTF-8 strings, values the Avro single-object bytes
 * as published, decoded by the processors so that an undecodable record can be dead-lettered in
 * the same transaction):
 *
 * <pre>
 * call-starts      (ws:callId)    ─ByPhoneRouters.CallStarts──▶ call-starts-by-phone (repartition, ws:E164) ─┐
 * contact-changes  (ws:contactId) ─ByPhoneRouters.ContactChanges [contacts-by-id]
 *                                                  ─▶ contact-changes-by-phone (repartition) ─▶ ContactsByPhone [contacts-by-phone]
 * audience-rows    (ws:campaign:E164) ─AudienceRows─▶ audience-rows-by-phone (repartition) ─▶ Audience [audience, audience-imports]
 * dnc-changes      (ws:E164)      ───────────────────────────────────────────────▶ Dnc [dnc]
 *                                                   call-starts-by-phone ─▶ CallStarts [answers] ─▶ agent-variables (ws:callId)
 * </pre>
 *
 * The four processors of the second stage share their stores, so Kafka Streams puts them in one
 * sub-topology: task {@code 1_p} reads partition p of dnc-changes and of the three repartition
 * topics. The repartition topics are created with the partition count of dnc-changes, and every
 * record is placed by the default partitioner on its key, exactly like dnc-service places
 * dnc-changes: a number's records meet in one task. Records that break the contract go to their
 * topic's DLT.
 */
public final class ResolverTopology {

  private ResolverTopology() {
  }

  /**
   * The topology for {@code partitions} partitions of dnc-changes (the co-partitioning unit).
   *
   * @param retention how long answers are kept for retried call-starts
   */
  public static Topology build(int partitions, CallAnswerer answerer, DncReadiness readiness, MeterRegistry registry,
                               Duration retention) {
    StreamsBuilder builder = new StreamsBuilder();
    Consumed<String, byte[]> consumed = Consumed.with(Serdes.String(), Serdes.ByteArray());
    Map<String, String> changelog = Map.of();
    for (String store : new String[] {StateStores.CONTACTS_BY_ID, StateStores.CONTACTS_BY_PHONE, StateStores.DNC,
        StateStores.AUDIENCE, StateStores.AUDIENCE_IMPORTS, StateStores.ANSWERS}) {
      builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store), Serdes.String(),
          Serdes.ByteArray()).withLoggingEnabled(changelog).withCachingDisabled());
    }

    KStream<String, byte[]> callStarts = builder.stream(Topics.CALL_STARTS.name(), consumed)
        .process(supplier(() -> new ByPhoneRouters.CallStarts(registry)), Named.as("call-starts-router"));
    KStream<String, byte[]> contacts = builder.stream(Topics.CONTACT_CHANGES.name(), consumed)
        .process(supplier(() -> new ByPhoneRouters.ContactChanges(registry)), Named.as("contacts-by-id"),
            StateStores.CONTACTS_BY_ID);
    KStream<String, byte[]> audience = builder.stream(Topics.AUDIENCE_ROWS.name(), consumed)
        .process(supplier(() -> new ByPhoneRouters.AudienceRows(registry)), Named.as("audience-router"));
    KStream<String, byte[]> dnc = builder.stream(Topics.DNC_CHANGES.name(), consumed)
        .process(supplier(() -> new PhoneStateProcessors.Dnc(registry, readiness)), Named.as("dnc"),
            StateStores.DNC);

    deadLetters(callStarts, "call-starts");
    deadLetters(contacts, "contact-changes");
    deadLetters(audience, "audience-rows");
    deadLetters(dnc, "dnc-changes");

    byPhone(contacts, StateStores.CONTACTS_TO_PHONE, partitions)
        .process(supplier(PhoneStateProcessors.ContactsByPhone::new), Named.as("contacts-by-phone"),
            StateStores.CONTACTS_BY_PHONE);
    byPhone(audience, StateStores.AUDIENCE_BY_PHONE, partitions)
        .process(supplier(PhoneStateProcessors.Audience::new), Named.as("audience"),
            StateStores.AUDIENCE, StateStores.AUDIENCE_IMPORTS);
    byPhone(callStarts, StateStores.CALL_STARTS_BY_PHONE, partitions)
        .process(supplier(() -> new PhoneStateProcessors.CallStarts(answerer, readiness, retention)),
            Named.as("answer-call-starts"), StateStores.CONTACTS_BY_PHONE, StateStores.DNC, StateStores.AUDIENCE,
            StateStores.ANSWERS)
        .to(Topics.AGENT_VARIABLES.name(), Produced.with(Serdes.String(), Serdes.ByteArray()));
    return builder.build();
  }

  private static void deadLetters(KStream<String, byte[]> stream, String topic) {
    stream.process(supplier(DeadLetterSplit::new), Named.as(topic + "-dead-letters"))
        .to((key, value, context) -> DeadLetterRecords.target(context.headers()),
            Produced.<String, byte[]>with(Serdes.String(), Serdes.ByteArray()).withName(topic + "-dlt"));
  }

  private static KStream<String, byte[]> byPhone(KStream<String, byte[]> stream, String name, int partitions) {
    return stream.process(supplier(DeadLetterSplit.Others::new), Named.as(name + "-valid"))
        .repartition(Repartitioned.<String, byte[]>as(name).withKeySerde(Serdes.String())
            .withValueSerde(Serdes.ByteArray()).withNumberOfPartitions(partitions));
  }

  private static <P extends org.apache.kafka.streams.processor.api.Processor<String, byte[], String, byte[]>>
      ProcessorSupplier<String, byte[], String, byte[]> supplier(java.util.function.Supplier<P> factory) {
    return factory::get;
  }
}
