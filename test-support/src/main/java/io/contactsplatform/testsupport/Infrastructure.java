package io.contactsplatform.testsupport;

/** Where tests find Kafka and MongoDB: embedded in the JVM, or in Docker containers. */
public interface Infrastructure {

  String bootstrapServers();

  /** A MongoDB connection string for {@code database}. */
  String mongoUri(String database);
}
