package io.contactsplatform.importservice.importjob;

import io.contactsplatform.schemas.Topics;
import io.contactsplatform.support.kafka.TopicLayout;
import io.contactsplatform.support.upload.Uploads;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Import settings, the bounded pool of threads that read uploaded files (blocking file I/O), and
 * the raw-bytes listener factory for {@code contact-upserts.DLT} (a dead-letter topic has no DLT
 * of its own: a record that keeps failing there is logged and skipped). Declares
 * {@code contact-upserts.DLT} too (contact-service normally does), so the watcher can start first.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ImportProperties.class)
class ImportConfiguration {

  static final String READERS = "importReaders";
  static final String RAW_LISTENER_FACTORY = "rawListenerContainerFactory";
  static final String UPSERTS_DLT = Topics.Names.CONTACT_UPSERTS_DLT;

  private static final Logger log = LoggerFactory.getLogger(ImportConfiguration.class);

  @Bean(name = READERS, destroyMethod = "dispose")
  Scheduler importReaders(ImportProperties properties) {
    return Schedulers.newBoundedElastic(properties.readerThreads(), 10_000, "import-reader");
  }

  /** Upload handling with this service's spool directory and size limit. */
  @Bean
  Uploads uploads(ImportProperties properties) {
    return new Uploads(properties.spoolDir(), properties.maxFileSize(), "platform.import.max-file-size", "import-");
  }

  @Bean
  NewTopic contactUpsertsDeadLetters(TopicLayout layout) {
    return TopicBuilder.name(UPSERTS_DLT).partitions(layout.partitions(Topics.CONTACT_UPSERTS))
        .replicas(layout.replicas(Topics.CONTACT_UPSERTS))
        .config(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(30L * 24 * 3600 * 1000))
        .build();
  }

  @Bean(name = RAW_LISTENER_FACTORY)
  ConcurrentKafkaListenerContainerFactory<String, byte[]> rawListenerContainerFactory(ConsumerFactory<?, ?> events) {
    Map<String, Object> config = new HashMap<>(events.getConfigurationProperties());
    ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
    factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(),
        new ByteArrayDeserializer()));
    factory.setCommonErrorHandler(new DefaultErrorHandler((record, e) -> log.error(
        "giving up on dead letter {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.toString()),
        new FixedBackOff(1000, 10)));
    return factory;
  }
}
