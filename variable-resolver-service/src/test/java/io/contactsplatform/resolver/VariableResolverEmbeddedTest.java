package io.contactsplatform.resolver;

import io.contactsplatform.testsupport.ServiceTestProperties;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link VariableResolverIntegrationTests} on the embedded KRaft broker and mongo-java-server. */
class VariableResolverEmbeddedTest extends VariableResolverIntegrationTests {

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    ServiceTestProperties.embedded(registry, "variable-resolver-service");
  }
}
