package io.contactsplatform.contactservice;

import io.contactsplatform.testsupport.ServiceTestProperties;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link ContactServiceIntegrationTests} on the embedded KRaft broker and mongo-java-server. */
class ContactServiceEmbeddedTest extends ContactServiceIntegrationTests {

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    ServiceTestProperties.embedded(registry, "contact-service");
  }
}
