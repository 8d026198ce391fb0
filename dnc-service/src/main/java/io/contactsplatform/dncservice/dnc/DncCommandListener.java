package io.contactsplatform.dncservice.dnc;

import io.contactsplatform.events.dnc.command.DncCommand;
import io.contactsplatform.schemas.Topics;
import io.contactsplatform.support.kafka.ListenerCompletion;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Thin listener: hands each dnc-commands event to {@link DncCommandHandler} and waits for it
 *.
 */
@Component
class DncCommandListener {

  private final DncCommandHandler handler;

  DncCommandListener(DncCommandHandler handler) {
    this.handler = handler;
  }

  @KafkaListener(id = "dnc-commands", idIsGroup = false, topics = Topics.Names.DNC_COMMANDS)
  void on(DncCommand command) {
    ListenerCompletion.await(handler.apply(command));
  }
}
