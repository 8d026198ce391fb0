package io.contactsplatform.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceProcessTest {

  @Test
  void shouldRunTheResolverOnG1PromotingSurvivorsAtOnceWithItsLargerHeap() {
    assumeTrue(System.getenv("PLATFORM_JAVA_OPTS_VARIABLE_RESOLVER_SERVICE") == null
        && System.getenv("PLATFORM_HEAP_VARIABLE_RESOLVER_SERVICE") == null, "overridden in this environment");

    List<String> options = ServiceProcess.jvmOptions(StackConfig.RESOLVER);

    assertThat(options).contains("-Xmx512m", "-XX:+UseG1GC", "-XX:MaxTenuringThreshold=1")
        .doesNotContain("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
  }

  @Test
  void shouldRunTheOtherServicesOnTheSerialCollectorWithFullCompilation() {
    assumeTrue(System.getenv("PLATFORM_JAVA_OPTS_CONTACT_SERVICE") == null
        && System.getenv("PLATFORM_HEAP_CONTACT_SERVICE") == null, "overridden in this environment");

    List<String> options = ServiceProcess.jvmOptions(StackConfig.CONTACT);

    assertThat(options).contains("-Xmx384m", "-XX:+UseSerialGC").doesNotContain("-XX:TieredStopAtLevel=1");
  }
}
