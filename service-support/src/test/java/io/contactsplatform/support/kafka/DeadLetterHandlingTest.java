package io.contactsplatform.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.contactsplatform.schemas.InvalidEventException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ContainerProperties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.SendResult;
import org.springframework.util.backoff.FixedBackOff;

/** The shared error handler: one WARN line per dead-lettered record, and each record dead-lettered once. */
class DeadLetterHandlingTest {

  private static final LogAccessor CONTAINER_LOG = new LogAccessor("org.springframework.kafka.listener.KafkaMessageListenerContainer");

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  @SuppressWarnings("unchecked")
  private final KafkaOperations<Object, Object> template = mock(KafkaOperations.class);

  @BeforeEach
  @SuppressWarnings("unchecked")
  void capture() {
    appender.start();
    root.addAppender(appender);
    when(template.send(any(ProducerRecord.class))).thenReturn(CompletableFuture.completedFuture(mock(SendResult.class)));
  }

  @AfterEach
  void release() {
    root.detachAppender(appender);
  }

  @Test
  void shouldLogOneWarnLineWithTheReasonPerDeadLetteredRecordOfABatch() {
    DefaultErrorHandler handler = DeadLetters.errorHandler(template, new SimpleMeterRegistry(), DeadLetterLedger.NONE,
        new FixedBackOff(0, 2));
    List<ConsumerRecord<Object, Object>> batch = List.of(record(5), record(6), record(7));
    ConsumerRecords<Object, Object> records = new ConsumerRecords<>(
        Map.of(new TopicPartition("dnc-changes", 0), batch), Map.of());
    MessageListenerContainer container = mock(MessageListenerContainer.class);
    when(container.getContainerProperties()).thenReturn(new ContainerProperties("dnc-changes"));

    try {
      handler.handleBatch(new BatchListenerFailedException("invalid",
              new InvalidEventException("phoneE164 12*** is not E.164"), batch.get(1)),
          records, mock(Consumer.class), container, () -> { });
    } catch (KafkaException seek) {
      // the handler seeks to the records after the dead-lettered one; the container logs it like this
      seek.selfLog("Error handler threw an exception", CONTAINER_LOG);
    }

    List<ILoggingEvent> lines = appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
    assertThat(lines).extracting(ILoggingEvent::getFormattedMessage).hasSize(1);
    assertThat(lines.get(0).getLevel()).isEqualTo(Level.WARN);
    assertThat(lines.get(0).getFormattedMessage()).contains("dnc-changes-0@6").contains("is not E.164");
    verify(template, times(1)).send(any(ProducerRecord.class));
  }

  @Test
  @SuppressWarnings("unchecked")
  void shouldDeadLetterARecordReadAgainOnlyOnce() {
    Set<String> claimed = new HashSet<>();
    DeadLetterLedger ledger = new DeadLetterLedger() {
      @Override
      public boolean claim(ConsumerRecord<?, ?> record) {
        return claimed.add(DeadLetterLedger.keyOf(record));
      }

      @Override
      public void release(ConsumerRecord<?, ?> record) {
        claimed.remove(DeadLetterLedger.keyOf(record));
      }
    };
    DefaultErrorHandler handler = DeadLetters.errorHandler(template, new SimpleMeterRegistry(), ledger,
        new FixedBackOff(0, 0));
    InvalidEventException poison = new InvalidEventException("phoneE164 is not E.164");

    fail(handler, record(3), poison);
    fail(handler, record(3), poison);

    verify(template, times(1)).send(any(ProducerRecord.class));
    assertThat(appender.list.stream().filter(e -> e.getLevel() == Level.WARN)).hasSize(1);
  }

  private static void fail(DefaultErrorHandler handler, ConsumerRecord<Object, Object> record, Exception cause) {
    try {
      handler.handleRemaining(new ListenerExecutionFailedException("Listener failed", cause), List.of(record),
          mock(Consumer.class), mock(MessageListenerContainer.class));
    } catch (RuntimeException retry) {
      // a retry: the handler seeks back and rethrows for the container
    }
  }

  private static ConsumerRecord<Object, Object> record(long offset) {
    return new ConsumerRecord<>("dnc-changes", 0, offset, "key", "value");
  }
}
