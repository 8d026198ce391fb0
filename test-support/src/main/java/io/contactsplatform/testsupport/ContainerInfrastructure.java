package io.contactsplatform.testsupport;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * Real MongoDB and Apache Kafka (KRaft) images through Testcontainers, one pair per JVM. Only
 * used by tests marked {@code @Testcontainers(disabledWithoutDocker = true)}, which are skipped
 * where no Docker engine exists.
 */
public final class ContainerInfrastructure implements Infrastructure {

  public static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
  public static final String MONGO_IMAGE = "mongo:7.0";

  private static ContainerInfrastructure instance;

  private final KafkaContainer kafka;
  private final MongoDBContainer mongo;

  private ContainerInfrastructure(KafkaContainer kafka, MongoDBContainer mongo) {
    this.kafka = kafka;
    this.mongo = mongo;
  }

  public static synchronized ContainerInfrastructure get() {
    if (instance == null) {
      KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE)
          .withEnv("KAFKA_GROUP_COORDINATOR_APPEND_LINGER_MS", "0");
      MongoDBContainer mongo = new MongoDBContainer(MONGO_IMAGE);
      kafka.start();
      mongo.start();
      instance = new ContainerInfrastructure(kafka, mongo);
    }
    return instance;
  }

  @Override
  public String bootstrapServers() {
    return kafka.getBootstrapServers();
  }

  @Override
  public String mongoUri(String database) {
    return mongo.getReplicaSetUrl(database);
  }
}
