package io.contactsplatform.dncservice;

import io.contactsplatform.schemas.Topics;
import io.contactsplatform.support.kafka.ServiceTopics;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * dnc-service: owns the Do-Not-Call list and its append-only audit trail. Changes come from the
 * API, file imports (CSV and national-registry files), dnc-commands, contact opt-outs from
 * contact-changes and the expiry sweep; after each one the full DNC state of the number is
 * published on dnc-changes (with an outbox, so a crash between write and publish loses nothing).
 */
@SpringBootApplication
public class DncServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(DncServiceApplication.class, args);
  }

  @Bean
  ServiceTopics serviceTopics() {
    return new ServiceTopics(
        List.of(Topics.DNC_COMMANDS, Topics.CONTACT_CHANGES),
        List.of(Topics.DNC_CHANGES));
  }
}
