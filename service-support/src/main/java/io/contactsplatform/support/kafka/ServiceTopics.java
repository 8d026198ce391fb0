package io.contactsplatform.support.kafka;

import io.contactsplatform.schemas.Topic;
import java.util.List;

/**
 * The topics one service consumes and produces. Declared as a bean by each service; the Kafka
 * auto-configuration creates every one of them, plus a dead-letter topic for each consumed topic.
 */
public record ServiceTopics(List<Topic<?>> consumes, List<Topic<?>> produces) {

  public ServiceTopics {
    consumes = List.copyOf(consumes);
    produces = List.copyOf(produces);
  }
}
