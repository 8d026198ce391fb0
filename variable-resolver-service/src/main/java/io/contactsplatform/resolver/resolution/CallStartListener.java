package io.contactsplatform.resolver.resolution;

import io.contactsplatform.events.call.start.CallStart;
import io.contactsplatform.support.kafka.ListenerCompletion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Thin batch listener: answers the call-starts of each poll through {@link VariableResolution#answer},
 * records with the same key (the same call) one after the other, different calls concurrently (up
 * to {@value #CALLS_IN_FLIGHT}), so a burst on one partition does not queue behind one call's
 * store and broker round trips. A failure names the first record that failed
 * ({@link BatchListenerFailedException}): the records before it are committed, that one is
 * dead-lettered (contract violations, undecodable records) or retried, and the records after it are
 * delivered again — answers already published are recognised by callId and not sent twice
 * ({@link CallStartPositions} tells which records need the stored answers checked at all).
 *
 * <p>Commit choice: one consumer per partition ({@code platform.resolver.call-starts.concurrency},
 * default 3) and ASYNC offset commits at most every 100 ms (set in {@code KafkaContainers}), so no
 * call-start waits behind a commit round trip and the broker is not asked for a commit per call. A
 * commit lost in a crash only means redelivery, which the answers remembered per callId turn into
 * "already answered, not answered again".
 */
@Component
class CallStartListener {

  static final String ID = "resolver-call-starts";
  static final int CALLS_IN_FLIGHT = 64;
  private static final LogAccessor LOG = new LogAccessor(LogFactory.getLog(CallStartListener.class));

  private final VariableResolution resolution;
  private final CallStartPositions positions;

  CallStartListener(VariableResolution resolution, CallStartPositions positions) {
    this.resolution = resolution;
    this.positions = positions;
  }

  @KafkaListener(id = ID, idIsGroup = false, topics = "call-starts", batch = "true",
      concurrency = "${platform.resolver.call-starts.concurrency:3}")
  void on(List<ConsumerRecord<String, CallStart>> records) {
    Map<String, List<Integer>> byKey = new LinkedHashMap<>();
    int undecodable = records.size();
    for (int i = 0; i < records.size(); i++) {
      ConsumerRecord<String, CallStart> record = records.get(i);
      if (record.value() != null) {
        byKey.computeIfAbsent(String.valueOf(record.key()), k -> new ArrayList<>()).add(i);
      } else if (record.headers().lastHeader(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER) != null) {
        undecodable = i;
        break;
      }
    }
    Map<Integer, Throwable> failures = new TreeMap<>();
    ListenerCompletion.await(Flux.fromIterable(byKey.values())
        .flatMap(indexes -> Flux.fromIterable(indexes).concatMap(i -> {
          ConsumerRecord<String, CallStart> record = records.get(i);
          CallStartDelivery delivery = new CallStartDelivery(record.topic(), record.partition(), record.offset(),
              positions.mayBeRedelivered(record.topic(), record.partition(), record.offset()));
          return resolution.answer(record.value(), delivery).onErrorResume(e -> {
            synchronized (failures) {
              failures.put(i, e);
            }
            return Mono.empty();
          });
        }), CALLS_IN_FLIGHT)
        .then());
    int firstFailed = failures.isEmpty() ? Integer.MAX_VALUE : failures.keySet().iterator().next();
    if (firstFailed < undecodable) {
      Throwable cause = failures.get(firstFailed);
      throw new BatchListenerFailedException("call-start not answered: " + cause.getMessage(), cause, firstFailed);
    }
    if (undecodable < records.size()) {
      throw new BatchListenerFailedException("undecodable CallStart", SerializationUtils.getExceptionFromHeader(
          records.get(undecodable), SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG), undecodable);
    }
  }
}
