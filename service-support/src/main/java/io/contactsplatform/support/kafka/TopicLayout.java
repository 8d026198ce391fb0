package io.contactsplatform.support.kafka;

import io.contactsplatform.schemas.Topic;
import java.util.Map;

/**
 * How many partitions and replicas each topic is declared with: {@code platform.topics.<topic>.partitions}
 * and {@code platform.topics.<topic>.replicas}, defaulting to the catalog's partition count (3) and
 * {@code platform.kafka.replication-factor} (1). A topic's dead-letter topic gets the same partition
 * count (records are dead-lettered to the partition they came from). Declaring a topic never
 * shrinks or re-partitions an existing one: see docs/architecture.md, Topics, for changing the
 * count of a deployed topic.
 */
public record TopicLayout(Map<String, Settings> topics, short defaultReplicas) {

  /** One topic's overrides; either may be null. */
  public record Settings(Integer partitions, Short replicas) {
  }

  public TopicLayout {
    topics = topics == null ? Map.of() : Map.copyOf(topics);
    for (Map.Entry<String, Settings> e : topics.entrySet()) {
      if (e.getValue().partitions() != null && e.getValue().partitions() < 1) {
        throw new IllegalArgumentException("platform.topics." + e.getKey() + ".partitions must be >= 1");
      }
    }
  }

  public int partitions(Topic<?> topic) {
    Settings s = topics.get(topic.name());
    return s == null || s.partitions() == null ? topic.partitions() : s.partitions();
  }

  public short replicas(Topic<?> topic) {
    Settings s = topics.get(topic.name());
    return s == null || s.replicas() == null ? defaultReplicas : s.replicas();
  }
}
