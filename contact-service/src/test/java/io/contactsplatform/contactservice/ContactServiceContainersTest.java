package io.contactsplatform.contactservice;

import io.contactsplatform.testsupport.ServiceTestProperties;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Testcontainers;

/** {@link ContactServiceIntegrationTests} on real Kafka and MongoDB images; skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
class ContactServiceContainersTest extends ContactServiceIntegrationTests {

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    ServiceTestProperties.containers(registry, "contact-service");
  }
}
