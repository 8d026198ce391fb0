package io.contactsplatform.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

class MaskingProducerListenerTest {

  @Test
  void masksPhoneNumbersToTheirLastFourDigitsAndEmailsToTheirDomain() {
    assertThat(MaskingProducerListener.mask("demo:+16469780847")).isEqualTo("demo:…0847");
    assertThat(MaskingProducerListener.mask("ws-a:summer:+442079460018")).isEqualTo("ws-a:summer:…0018");
    assertThat(MaskingProducerListener.mask("ws-a:ada@example.com")).isEqualTo("ws-a:…@example.com");
    assertThat(MaskingProducerListener.mask("ws-a:8f0e-import")).isEqualTo("ws-a:8f0e-import");
  }

  /** A send that fails (no broker) through the listener every service's KafkaTemplate gets. */
  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void aFailedSendIsLoggedWithoutTheFullNumber() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(MaskingProducerListener.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1", ProducerConfig.MAX_BLOCK_MS_CONFIG, 300),
        new StringSerializer(), new ByteArraySerializer());
    try {
      KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(factory);
      template.setProducerListener((org.springframework.kafka.support.ProducerListener)
          new KafkaEventsAutoConfiguration().kafkaProducerListener());

      boolean failed;
      try {
        CompletableFuture<?> sent = template.send("contact-upserts", "demo:+16469780847", new byte[] {1});
        sent.handle((r, e) -> null).get(10, TimeUnit.SECONDS);
        failed = sent.isCompletedExceptionally();
      } catch (org.springframework.kafka.KafkaException e) {
        failed = true;
      }
      assertThat(failed).isTrue();
    } finally {
      factory.destroy();
      logger.detachAppender(appender);
    }

    assertThat(appender.list).isNotEmpty();
    assertThat(appender.list).allSatisfy(event -> {
      String logged = event.getFormattedMessage()
          + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
      assertThat(logged).contains("…0847").doesNotContain("6469780847");
    });
  }
}
