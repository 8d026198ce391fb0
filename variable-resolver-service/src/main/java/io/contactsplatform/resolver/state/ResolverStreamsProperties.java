package io.contactsplatform.resolver.state;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code platform.resolver.streams.*}: the resolver's Kafka Streams application.
 *
 * @param applicationId       Streams application id = consumer group and prefix of its internal topics
 * @param stateDir            where RocksDB stores and checkpoints live; keep it across restarts (restore, not replay)
 * @param advertisedHost      host other instances reach this one's API port at ({@code application.server})
 * @param processingGuarantee {@code exactly_once_v2} (answers in transactions) or {@code at_least_once}
 * @param commitInterval      how often a task commits (its transaction, under exactly-once): answers become visible then
 * @param numStandbyReplicas  warm copies of each task's stores on other instances
 * @param numStreamThreads    stream threads of this instance
 * @param maxTaskIdle         {@code max.task.idle.ms}: how long a task waits for an input partition with no data
 * @param replicationFactor   of internal topics (-1: the broker default)
 * @param blockCache          RocksDB block cache shared by every store of the instance (off heap)
 * @param writeBuffers        RocksDB memtables of every store, counted against the block cache (off heap)
 * @param answerRetention     how long an answer is kept for retried call-starts
 * @param properties          any other Kafka Streams setting, passed as is (e.g. {@code acceptable.recovery.lag})
 */
@ConfigurationProperties("platform.resolver.streams")
public record ResolverStreamsProperties(String applicationId, Path stateDir, String advertisedHost,
                                        String processingGuarantee, Duration commitInterval, int numStandbyReplicas,
                                        int numStreamThreads, Duration maxTaskIdle, int replicationFactor,
                                        DataSize blockCache, DataSize writeBuffers, Duration answerRetention,
                                        java.util.Map<String, String> properties) {

  public ResolverStreamsProperties {
    applicationId = applicationId == null || applicationId.isBlank() ? "variable-resolver" : applicationId;
    stateDir = stateDir == null ? Path.of(System.getProperty("java.io.tmpdir"), "variable-resolver-state") : stateDir;
    advertisedHost = advertisedHost == null || advertisedHost.isBlank() ? "127.0.0.1" : advertisedHost;
    processingGuarantee = processingGuarantee == null ? "exactly_once_v2" : processingGuarantee;
    commitInterval = commitInterval == null ? Duration.ofMillis(20) : commitInterval;
    numStreamThreads = numStreamThreads <= 0 ? 1 : numStreamThreads;
    maxTaskIdle = maxTaskIdle == null ? Duration.ZERO : maxTaskIdle;
    replicationFactor = replicationFactor == 0 ? -1 : replicationFactor;
    blockCache = blockCache == null ? DataSize.ofMegabytes(64) : blockCache;
    writeBuffers = writeBuffers == null ? DataSize.ofMegabytes(32) : writeBuffers;
    answerRetention = answerRetention == null ? Duration.ofDays(1) : answerRetention;
    properties = properties == null ? java.util.Map.of() : java.util.Map.copyOf(properties);
  }
}
