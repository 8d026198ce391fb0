package io.contactsplatform.support.kafka;

import io.contactsplatform.schemas.EventDeserializer;
import io.contactsplatform.schemas.EventSerializer;
import io.contactsplatform.schemas.InvalidEventException;
import io.contactsplatform.schemas.SingleObjectEventCodec;
import io.contactsplatform.schemas.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.kafka.config.ContainerCustomizer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.kafka.support.ProducerListener;

/**
 * Event plumbing shared by the services: Avro single-object values on every topic, an
 * {@link ErrorHandlingDeserializer} in front of the event deserializer, a {@link DefaultErrorHandler}
 * that retries transient failures with a bounded exponential back-off (200 ms doubling, 6 retries,
 * about 12 s: enough to ride out a store fail-over) and never retries contract violations, whose
 * recoverer dead-letters to {@code <topic>.DLT}, and the
 * service's topics (plus a DLT per consumed topic) declared on the broker with the partition and
 * replica counts of {@link TopicLayout} ({@code platform.topics.<topic>.partitions}).
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
public class KafkaEventsAutoConfiguration {

  static {
    SingleObjectEventCodec.trustEventClasses();
  }

  @Bean
  @SuppressWarnings({"unchecked", "rawtypes"})
  DefaultKafkaProducerFactoryCustomizer eventValueSerializer() {
    Map<Class<?>, Serializer<?>> delegates = new LinkedHashMap<>();
    delegates.put(byte[].class, new ByteArraySerializer());
    delegates.put(SpecificRecord.class, new EventSerializer());
    return factory -> ((DefaultKafkaProducerFactory) factory)
        .setValueSerializer(new DelegatingByTypeSerializer(delegates, true));
  }

  @Bean
  @SuppressWarnings({"unchecked", "rawtypes"})
  DefaultKafkaConsumerFactoryCustomizer eventValueDeserializer() {
    return factory -> ((DefaultKafkaConsumerFactory) factory)
        .setValueDeserializerSupplier(() -> new ErrorHandlingDeserializer<>(new EventDeserializer()));
  }

  /**
   * Every service's producer listener (Boot's Kafka auto-configuration hands it to the
   * {@code KafkaTemplate} instead of its {@code LoggingProducerListener}): failed sends are logged
   * with the key masked, never a full phone number or e-mail.
   */
  @Bean
  @ConditionalOnMissingBean(ProducerListener.class)
  ProducerListener<Object, Object> kafkaProducerListener() {
    return new MaskingProducerListener();
  }

  @Bean
  @ConditionalOnMissingBean
  EventPublisher eventPublisher(KafkaTemplate<String, Object> template) {
    return new EventPublisher(template);
  }

  @Bean
  DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<String, Object> template, MeterRegistry registry,
                                        DeadLetterLedger ledger,
                                        @Value("${platform.kafka.retry.interval-ms:200}") long intervalMs,
                                        @Value("${platform.kafka.retry.attempts:6}") int attempts) {
    ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(attempts);
    backOff.setInitialInterval(intervalMs);
    backOff.setMultiplier(2.0);
    return DeadLetters.errorHandler(template, registry, ledger, backOff);
  }

  @Bean
  @ConditionalOnMissingBean
  DeadLetterLedger deadLetterLedger(ObjectProvider<ReactiveMongoTemplate> mongo) {
    ReactiveMongoTemplate template = mongo.getIfAvailable();
    return template == null ? DeadLetterLedger.NONE : new MongoDeadLetterLedger(template);
  }

  /** Session timeout and heartbeat of {@link ConsumerMembership}, where the service sets none. */
  @Bean
  @SuppressWarnings({"unchecked", "rawtypes"})
  DefaultKafkaConsumerFactoryCustomizer consumerSessionDefaults() {
    return factory -> {
      DefaultKafkaConsumerFactory f = (DefaultKafkaConsumerFactory) factory;
      Map<String, Object> added = ConsumerMembership.sessionDefaults(f.getConfigurationProperties());
      if (!added.isEmpty()) {
        f.updateConfigs(added);
      }
    };
  }

  /**
   * The one container customizer Spring Boot applies: static group membership per listener
   * ({@link ConsumerMembership}), then every {@link ListenerContainerSettings} bean of the service.
   */
  @Bean
  ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> platformContainerCustomizer(
      ObjectProvider<ListenerContainerSettings> settings,
      @Value("${platform.instance-id:${PLATFORM_INSTANCE_ID:}}") String configuredInstanceId,
      @Value("${HOSTNAME:}") String hostname, @Value("${server.port:8080}") int serverPort) {
    String instanceId = ConsumerMembership.claimInThisJvm(
        ConsumerMembership.instanceId(configuredInstanceId, hostname, serverPort));
    return container -> {
      if (instanceId != null && container.getListenerId() != null) {
        container.getContainerProperties().getKafkaConsumerProperties().setProperty(
            ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
            ConsumerMembership.groupInstanceId(instanceId, container.getListenerId()));
      }
      settings.orderedStream().forEach(s -> s.customize(container));
    };
  }

  @Bean
  @ConditionalOnMissingBean
  TopicLayout topicLayout(Environment environment,
                          @Value("${platform.kafka.replication-factor:1}") short replicas) {
    Map<String, TopicLayout.Settings> settings = Binder.get(environment)
        .bind("platform.topics", Bindable.mapOf(String.class, TopicLayout.Settings.class))
        .orElse(Map.of());
    return new TopicLayout(settings, replicas);
  }

  @Bean
  @ConditionalOnBean(ServiceTopics.class)
  KafkaAdmin.NewTopics serviceTopicDeclarations(ServiceTopics topics, TopicLayout layout) {
    return new KafkaAdmin.NewTopics(declarations(topics, layout).toArray(NewTopic[]::new));
  }

  /** The service's topics, then a dead-letter topic per consumed topic, as laid out by {@code layout}. */
  static List<NewTopic> declarations(ServiceTopics topics, TopicLayout layout) {
    List<NewTopic> declared = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (Topic<?> topic : concat(topics.consumes(), topics.produces())) {
      if (!seen.contains(topic.name())) {
        seen.add(topic.name());
        TopicBuilder builder = TopicBuilder.name(topic.name()).partitions(layout.partitions(topic))
            .replicas(layout.replicas(topic));
        if (topic.compacted()) {
          builder.config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        declared.add(builder.build());
      }
    }
    for (Topic<?> topic : topics.consumes()) {
      declared.add(TopicBuilder.name(topic.deadLetter()).partitions(layout.partitions(topic)).replicas(layout.replicas(topic))
          .config(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(30L * 24 * 3600 * 1000))
          .build());
    }
    return declared;
  }

  private static List<Topic<?>> concat(List<Topic<?>> a, List<Topic<?>> b) {
    List<Topic<?>> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
