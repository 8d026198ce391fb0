package io.contactsplatform.contactservice.contact;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Sends what applied contact-upserts publish (contact-changes and contact-upsert-results) on a
 * producer of their own: the shared producer's settings (serializers, metrics) with acks=all and
 * idempotence enforced, and a longer linger, larger batches and compression
 * ({@code platform.contacts.upserts.producer.*}), so an import's events travel in few large
 * requests and do not queue in front of the API's single changes. A whole list is handed to the
 * producer from one bounded-elastic task ({@code send} may block on metadata or a full buffer and
 * must never run on the producer's network thread); within a partition the idempotent producer
 * keeps send order. Tests override {@link #send} to make the broker fail.
 */
@Component
public class UpsertEventSender implements DisposableBean {

  private final KafkaTemplate<String, Object> template;

  public UpsertEventSender(ProducerFactory<String, Object> producerFactory,
                           @Value("${spring.application.name:contact-service}") String application,
                           @Value("${platform.contacts.upserts.producer.linger-ms:10}") int lingerMs,
                           @Value("${platform.contacts.upserts.producer.batch-size:262144}") int batchSize,
                           @Value("${platform.contacts.upserts.producer.compression:lz4}") String compression) {
    this.template = new KafkaTemplate<>(producerFactory, Map.of(
        ProducerConfig.CLIENT_ID_CONFIG, application + "-upsert-events",
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, lingerMs,
        ProducerConfig.BATCH_SIZE_CONFIG, batchSize,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, compression));
  }

  /**
   * Sends one record per item, in order, from one bounded-elastic task, and waits for the broker:
   * per item, null when acknowledged, else the failure. A send refused on the spot (after the
   * producer waited {@code max.block.ms} for metadata or buffer space) fails the items after it
   * without trying them, so a broker outage costs one wait, not one per item.
   */
  <T> Mono<List<Throwable>> sendAll(List<T> items, Function<T, ProducerRecord<String, Object>> toRecord) {
    if (items.isEmpty()) {
      return Mono.just(List.of());
    }
    return Mono.fromCallable(() -> {
          List<CompletableFuture<Throwable>> outcomes = new ArrayList<>(items.size());
          CompletableFuture<?> refused = null;
          for (T item : items) {
            CompletableFuture<?> sent = refused;
            if (sent == null) {
              try {
                sent = send(toRecord.apply(item));
              } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
              }
              if (sent.isCompletedExceptionally()) {
                refused = sent;
              }
            }
            outcomes.add(sent.handle((ok, error) -> error));
          }
          return outcomes;
        })
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(outcomes -> Mono.fromFuture(CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)))
            .then(Mono.fromCallable(() -> outcomes.stream().map(CompletableFuture::join).toList())));
  }

  /** Hands one record to the producer; completes when the broker has acknowledged it. */
  protected CompletableFuture<?> send(ProducerRecord<String, Object> record) {
    return template.send(record);
  }

  @Override
  public void destroy() {
    template.destroy();
  }
}
