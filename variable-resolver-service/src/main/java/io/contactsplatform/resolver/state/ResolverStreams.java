package io.contactsplatform.resolver.state;

import io.contactsplatform.resolver.readmodel.DncReadiness;
import io.contactsplatform.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Runs the resolver's Kafka Streams application ({@link ResolverTopology}) and answers where a
 * key's state lives. It starts once the API server listens (its port is this instance's
 * {@code application.server}, which other instances use to reach state it owns), with:
 * exactly-once v2 (answers, answer store and offsets in one transaction), a persistent state
 * directory (a restart restores from the local RocksDB checkpoint plus the changelog delta rather
 * than replaying the topics), bounded RocksDB memory ({@link BoundedRocksDbConfig}), standby
 * replicas as configured, and a stream thread that dies of an unexpected error replaced (its tasks
 * resume from the last commit). A graceful stop leaves the group so the partitions move at once.
 *
 * <p>It starts in the background (health OUT_OF_SERVICE until RUNNING), once the broker tells the
 * partition count of dnc-changes. Co-partitioning: the repartition topics are created with that
 * count; if one already exists with another count (dnc-changes was resized), the application is not
 * started, the health says why, and the log names the topics (see docs/variable-resolver-service.md
 * for the procedure).
 */
@Component
@EnableConfigurationProperties(ResolverStreamsProperties.class)
public class ResolverStreams implements SmartLifecycle, ApplicationListener<WebServerInitializedEvent> {

  private static final Logger log = LoggerFactory.getLogger(ResolverStreams.class);

  private final ResolverStreamsProperties properties;
  private final KafkaAdmin kafkaAdmin;
  private final ObjectProvider<CallAnswerer> answerer;
  private final DncReadiness readiness;
  private final MeterRegistry registry;
  private volatile KafkaStreams streams;
  private volatile HostInfo self;
  private volatile boolean running;
  private volatile boolean stopped;
  private volatile Thread starter;
  private volatile String startFailure;
  private final RestoreCount restores = new RestoreCount();

  /** Counts (and logs per store partition) the changelog records restored since start. */
  static final class RestoreCount implements StateRestoreListener {
    private final AtomicLong restored = new AtomicLong();

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
      log.info("restoring {} partition {} from the changelog: offsets {} to {}", store, partition.partition(),
          startingOffset, endingOffset);
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
      restored.addAndGet(numRestored);
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
      log.info("restored {} partition {}: {} records", store, partition.partition(), totalRestored);
    }
  }

  /** Changelog records restored into this instance's stores since it started (0 after a clean restart). */
  public long restoredRecords() {
    return restores.restored.get();
  }

  ResolverStreams(ResolverStreamsProperties properties, KafkaAdmin kafkaAdmin, ObjectProvider<CallAnswerer> answerer,
                  DncReadiness readiness, MeterRegistry registry) {
    this.properties = properties;
    this.kafkaAdmin = kafkaAdmin;
    this.answerer = answerer;
    this.readiness = readiness;
    this.registry = registry;
  }

  @Override
  public void onApplicationEvent(WebServerInitializedEvent event) {
    if (event.getApplicationContext().getServerNamespace() == null) {
      self = new HostInfo(properties.advertisedHost(), event.getWebServer().getPort());
      Thread starter = new Thread(this::startWhenTopicsAreReadable, "resolver-streams-start");
      starter.setDaemon(true);
      this.starter = starter;
      starter.start();
    }
  }

  /**
   * Reads the partition count of dnc-changes (retrying while the broker cannot answer, e.g. it is
   * starting or the topic is being created), then starts the application; health stays
   * OUT_OF_SERVICE meanwhile. A repartition topic with another partition count stops here, logged.
   */
  private void startWhenTopicsAreReadable() {
    while (!stopped) {
      int partitions;
      try {
        partitions = checkPartitions();
      } catch (PartitionMismatch e) {
        log.error("resolver not started: {}", e.getMessage());
        startFailure = e.getMessage();
        return;
      } catch (RuntimeException e) {
        log.warn("resolver waiting for the broker before starting: {}", e.getMessage());
        try {
          Thread.sleep(2000);
        } catch (InterruptedException interrupted) {
          return;
        }
        continue;
      }
      startStreams(partitions);
      return;
    }
  }

  /** Why the application could not start (co-partitioning broken), or null. */
  public String startFailure() {
    return startFailure;
  }

  /** The repartition topics and dnc-changes disagree on their partition count. */
  static final class PartitionMismatch extends IllegalStateException {
    PartitionMismatch(String message) {
      super(message);
    }
  }

  private synchronized void startStreams(int partitions) {
    if (streams != null || stopped) {
      return;
    }
    BoundedRocksDbConfig.configure(properties.blockCache().toBytes(), properties.writeBuffers().toBytes());
    KafkaStreams created = new KafkaStreams(ResolverTopology.build(partitions, answerer.getObject(), readiness, registry,
        properties.answerRetention()), config());
    created.setUncaughtExceptionHandler(e -> {
      log.error("resolver stream thread failed, replacing it (its tasks resume from the last commit)", e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    created.setStateListener((now, before) -> log.info("resolver state: {} -> {}", before, now));
    created.setGlobalStateRestoreListener(restores);
    streams = created;
    created.start();
    log.info("resolver Streams application {} started as {} ({} partitions, state in {}, {})",
        properties.applicationId(), self, partitions, properties.stateDir(), properties.processingGuarantee());
  }

  private Properties config() {
    Properties p = new Properties();
    Object bootstrap = kafkaAdmin.getConfigurationProperties().get("bootstrap.servers");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap instanceof Collection<?> c
        ? String.join(",", c.stream().map(String::valueOf).toList()) : String.valueOf(bootstrap));
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, properties.applicationId());
    p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
    p.put(StreamsConfig.STATE_DIR_CONFIG, properties.stateDir().toAbsolutePath().toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, properties.processingGuarantee());
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, properties.commitInterval().toMillis());
    // a task commits only between polls: with the default poll.ms (100 ms) an idle thread sat in poll
    // for up to 100 ms before committing the answer it had just written (exactly-once: ~220 ms a call)
    p.put(StreamsConfig.POLL_MS_CONFIG, Math.max(1, Math.min(5, properties.commitInterval().toMillis())));
    p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, properties.numStandbyReplicas());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, properties.numStreamThreads());
    p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, properties.maxTaskIdle().toMillis());
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, properties.replicationFactor());
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
    p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class);
    p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
    // answers are single latency-bound records: send at once
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
    // a killed instance's partitions move after 10 s rather than the default 45 s
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 2_000);
    p.putAll(properties.properties());
    return p;
  }

  /** The partition count of dnc-changes, after checking the existing repartition topics agree. */
  private int checkPartitions() {
    Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
    config.put("client.id", properties.applicationId() + "-partition-check");
    try (Admin admin = Admin.create(config)) {
      int partitions = admin.describeTopics(List.of(Topics.DNC_CHANGES.name())).allTopicNames()
          .get(30, TimeUnit.SECONDS).get(Topics.DNC_CHANGES.name()).partitions().size();
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<String> repartition = new ArrayList<>();
      for (String name : List.of(StateStores.CALL_STARTS_BY_PHONE, StateStores.CONTACTS_TO_PHONE,
          StateStores.AUDIENCE_BY_PHONE)) {
        String topic = properties.applicationId() + "-" + name + "-repartition";
        if (existing.contains(topic)) {
          repartition.add(topic);
        }
      }
      if (!repartition.isEmpty()) {
        for (TopicDescription d : admin.describeTopics(repartition).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
          if (d.partitions().size() != partitions) {
            throw new PartitionMismatch("variable-resolver-service keeps its state co-partitioned by (workspace, "
                + "E.164): repartition topic " + d.name() + " has " + d.partitions().size() + " partitions but "
                + "dnc-changes has " + partitions + "; they must be equal (see docs/variable-resolver-service.md, "
                + "'Changing the partition count')");
          }
        }
      }
      return partitions;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the partitions of dnc-changes", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot read the partitions of dnc-changes: " + e, e);
    }
  }

  /** The Streams state, or null before start. */
  public KafkaStreams.State state() {
    KafkaStreams s = streams;
    return s == null ? null : s.state();
  }

  /** True once the application runs with every local task restored. */
  public boolean isRunningState() {
    return state() == KafkaStreams.State.RUNNING;
  }

  /** This instance as other instances reach it; null before start. */
  public HostInfo self() {
    return self;
  }

  /** Where the active copy of {@code key}'s partition of {@code store} lives; null while unknown. */
  public KeyQueryMetadata owner(String store, String key) {
    KafkaStreams s = streams;
    if (s == null || !isRunningState()) {
      return null;
    }
    KeyQueryMetadata metadata = s.queryMetadataForKey(store, key, Serdes.String().serializer());
    return metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata) ? null : metadata;
  }

  /** This instance's active store of one partition. */
  public ReadOnlyKeyValueStore<String, byte[]> local(String store, int partition) {
    return streams.store(StoreQueryParameters.fromNameAndType(store,
        QueryableStoreTypes.<String, byte[]>keyValueStore()).withPartition(partition));
  }

  /** Every active partition of {@code store} on this instance, as one store. */
  public ReadOnlyKeyValueStore<String, byte[]> localAll(String store) {
    return streams.store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()));
  }

  /** The partitions of dnc-changes (= of every by-number store) this instance serves actively. */
  public Set<Integer> localPartitions() {
    Set<Integer> partitions = new TreeSet<>();
    KafkaStreams s = streams;
    if (s != null) {
      s.metadataForLocalThreads().forEach(thread -> thread.activeTasks().forEach(task ->
          task.topicPartitions().forEach(tp -> {
            if (tp.topic().equals(Topics.DNC_CHANGES.name())) {
              partitions.add(tp.partition());
            }
          })));
    }
    return partitions;
  }

  /** The other instances of the application (for scatter-gather). */
  public List<HostInfo> otherInstances() {
    KafkaStreams s = streams;
    if (s == null) {
      return List.of();
    }
    return s.metadataForAllStreamsClients().stream().map(StreamsMetadata::hostInfo)
        .filter(h -> !h.equals(self)).distinct().toList();
  }

  /** Stops processing (state stays readable); for tests and operations. */
  public void pause() {
    streams.pause();
  }

  /** Resumes processing after {@link #pause()}. */
  public void resume() {
    streams.resume();
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public synchronized void stop() {
    running = false;
    stopped = true;
    Thread waiting = starter;
    if (waiting != null) {
      waiting.interrupt();
    }
    KafkaStreams s = streams;
    streams = null;
    if (s != null) {
      s.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(Duration.ofSeconds(30)));
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
