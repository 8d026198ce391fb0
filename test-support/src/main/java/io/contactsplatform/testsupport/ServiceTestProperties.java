package io.contactsplatform.testsupport;

import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points a service under test at an {@link Infrastructure}: its own fresh database and consumer
 * group (so contexts sharing one broker never steal each other's records), its own key store
 * database, the test workspaces,
 * random HTTP port and fast shutdown.
 */
public final class ServiceTestProperties {

  private ServiceTestProperties() {
  }

  public static void register(DynamicPropertyRegistry registry, Infrastructure infrastructure, String service) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    registry.add("spring.kafka.bootstrap-servers", infrastructure::bootstrapServers);
    registry.add("spring.mongodb.uri", () -> infrastructure.mongoUri(service.replace('-', '_') + "_" + suffix));
    registry.add("platform.auth.key-store.database", () -> "platform_auth_" + suffix);
    registry.add("spring.kafka.consumer.group-id", () -> service + "-" + suffix);
    registry.add("spring.reactor.netty.shutdown-quiet-period", () -> "0s");
    registry.add("platform.kafka.retry.interval-ms", () -> "50");
    TestWorkspaces.register(registry);
  }

  /** Embedded broker and store (the default for every test). */
  public static void embedded(DynamicPropertyRegistry registry, String service) {
    register(registry, EmbeddedInfrastructure.get(), service);
  }

  /** Real images through Testcontainers. */
  public static void containers(DynamicPropertyRegistry registry, String service) {
    register(registry, ContainerInfrastructure.get(), service);
  }
}
