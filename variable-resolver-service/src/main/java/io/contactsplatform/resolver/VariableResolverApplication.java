package io.contactsplatform.resolver;

import io.contactsplatform.schemas.Topics;
import io.contactsplatform.support.kafka.ServiceTopics;
import java.time.Clock;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * variable-resolver-service: keeps its own read models of contacts, DNC and audience rows, owns
 * campaign variable configs, and answers every call-start with one agent-variables event.
 */
@SpringBootApplication
public class VariableResolverApplication {

  public static void main(String[] args) {
    SpringApplication.run(VariableResolverApplication.class, args);
  }

  @Bean
  ServiceTopics serviceTopics() {
    return new ServiceTopics(
        List.of(Topics.CONTACT_CHANGES, Topics.DNC_CHANGES, Topics.AUDIENCE_ROWS, Topics.CALL_STARTS),
        List.of(Topics.AGENT_VARIABLES));
  }

  /** Wall clock for calling windows, DNC expiry and local time (tests supply a fixed one). */
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
