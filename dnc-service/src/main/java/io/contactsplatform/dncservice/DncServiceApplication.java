package io.contactsplatform.dncservice;

import io.contactsplatform.schemas.Topics;
import io.contactsplatform.support.kafka.ServiceTopics;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * dnc-service: owns the Do-Not-Call list and its audit trail; applies dnc-commands and contact
 * opt-outs from contact-changes, and publishes the full DNC state of every changed number on
 * dnc-changes.
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
