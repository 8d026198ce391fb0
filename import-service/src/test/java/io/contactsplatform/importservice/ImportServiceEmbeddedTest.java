package io.contactsplatform.importservice;

import io.contactsplatform.testsupport.ServiceTestProperties;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link ImportServiceIntegrationTests} on the embedded KRaft broker and mongo-java-server. */
class ImportServiceEmbeddedTest extends ImportServiceIntegrationTests {

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    ServiceTestProperties.embedded(registry, "import-service");
  }
}
