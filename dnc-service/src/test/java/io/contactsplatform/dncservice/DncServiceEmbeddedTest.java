package io.contactsplatform.dncservice;

import io.contactsplatform.testsupport.ServiceTestProperties;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link DncServiceIntegrationTests} on the embedded KRaft broker and mongo-java-server. */
class DncServiceEmbeddedTest extends DncServiceIntegrationTests {

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    ServiceTestProperties.embedded(registry, "dnc-service");
  }
}
