package io.contactsplatform.importservice;

import io.contactsplatform.schemas.Topics;
import io.contactsplatform.support.kafka.ServiceTopics;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * import-service: turns CSV files and CRM updates into contact-upserts, tracks every imported row
 * to its contact-upsert-results answer, and sends CRM opt-outs to dnc-commands.
 */
@SpringBootApplication
public class ImportServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(ImportServiceApplication.class, args);
  }

  @Bean
  ServiceTopics serviceTopics() {
    return new ServiceTopics(
        List.of(Topics.CRM_CONTACT_UPDATES, Topics.CONTACT_UPSERT_RESULTS),
        List.of(Topics.CONTACT_UPSERTS, Topics.AUDIENCE_ROWS, Topics.DNC_COMMANDS));
  }
}
