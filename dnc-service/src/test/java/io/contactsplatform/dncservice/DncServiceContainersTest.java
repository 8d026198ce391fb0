package io.contactsplatform.dncservice;

import io.contactsplatform.testsupport.ServiceTestProperties;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Testcontainers;

/** {@link DncServiceIntegrationTests} on real Kafka and MongoDB images; skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
class DncServiceContainersTest extends DncServiceIntegrationTests {

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    ServiceTestProperties.containers(registry, "dnc-service");
  }
}
