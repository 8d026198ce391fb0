package io.contactsplatform.contactservice;

import io.contactsplatform.schemas.Topics;
import io.contactsplatform.support.kafka.ServiceTopics;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * contact-service: owns contacts, custom field definitions and segments; applies contact-upserts,
 * keeps a DNC view from dnc-changes, runs bulk actions (publishing dnc-commands) and exports.
 */
@SpringBootApplication
@EnableScheduling
public class ContactServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(ContactServiceApplication.class, args);
  }

  @Bean
  ServiceTopics serviceTopics() {
    return new ServiceTopics(
        List.of(Topics.CONTACT_UPSERTS, Topics.DNC_CHANGES),
        List.of(Topics.CONTACT_CHANGES, Topics.CONTACT_UPSERT_RESULTS, Topics.DNC_COMMANDS));
  }
}
