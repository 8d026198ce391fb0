package io.contactsplatform.support.kafka;

import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/**
 * A service's own settings for some of its listener containers. Spring Boot applies one
 * {@code ContainerCustomizer} only, which service-support owns (static group membership); a service
 * contributes its per-container settings as beans of this type instead, applied after the shared ones.
 */
@FunctionalInterface
public interface ListenerContainerSettings {

  void customize(ConcurrentMessageListenerContainer<Object, Object> container);
}
