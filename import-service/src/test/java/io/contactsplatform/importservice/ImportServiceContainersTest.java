package io.contactsplatform.importservice;

import io.contactsplatform.testsupport.ServiceTestProperties;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Testcontainers;

/** {@link ImportServiceIntegrationTests} on real Kafka and MongoDB images; skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
class ImportServiceContainersTest extends ImportServiceIntegrationTests {

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    ServiceTestProperties.containers(registry, "import-service");
  }
}
