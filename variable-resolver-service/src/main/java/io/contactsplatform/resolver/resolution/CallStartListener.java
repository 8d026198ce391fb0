package io.contactsplatform.resolver.resolution;

import io.contactsplatform.events.call.start.CallStart;
import io.contactsplatform.support.kafka.ListenerCompletion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Thin listener: answers each call-starts event through {@link VariableResolution#answer};
 * contract-breaking events (and answers that cannot be published after retries) are dead-lettered.
 */
@Component
class CallStartListener {

  private final VariableResolution resolution;

  CallStartListener(VariableResolution resolution) {
    this.resolution = resolution;
  }

  @KafkaListener(id = "resolver-call-starts", idIsGroup = false, topics = "call-starts")
  void on(ConsumerRecord<String, CallStart> record) {
    ListenerCompletion.await(resolution.answer(record.value()));
  }
}
