package io.contactsplatform.resolver.readmodel;

import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The consumer group of this instance's hot views ({@link ContactReadModel}, {@link DncReadModel}):
 * {@code <spring.kafka.consumer.group-id>-views-<random>}, new at every start, so each instance
 * reads contact-changes and dnc-changes from the beginning into its own memory and no instance
 * depends on another's progress. Known limit: each start leaves an idle group whose committed
 * offsets the broker expires after {@code offsets.retention.minutes} (7 days by default).
 */
@Component("readModelGroup")
public class ReadModelGroup {

  private final String id;

  ReadModelGroup(@Value("${spring.kafka.consumer.group-id}") String serviceGroup) {
    this.id = serviceGroup + "-views-" + UUID.randomUUID();
  }

  public String id() {
    return id;
  }
}
