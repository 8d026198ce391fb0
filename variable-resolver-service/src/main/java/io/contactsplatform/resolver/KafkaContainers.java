package io.contactsplatform.resolver;

import io.contactsplatform.resolver.resolution.CallStartPositions;
import io.contactsplatform.support.kafka.DeadLetterLedger;
import io.contactsplatform.support.kafka.DeadLetters;
import io.contactsplatform.support.kafka.ListenerContainerSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Per-container settings on top of the shared Kafka plumbing (applied after service-support's static
 * membership, as a {@link ListenerContainerSettings}):
 * <ul>
 *   <li>{@code resolver-call-starts}: asynchronous offset commits at most every
 *       {@code platform.resolver.call-starts.commit-interval} (default 100 ms) rather than after every
 *       poll — at 1,000 calls/s a commit per poll was a third broker request per call, next to the
 *       call-start's fetch and the answer's produce; a call-start redelivered after a crash is
 *       recognised by the answers remembered per callId — and {@link CallStartPositions} noting
 *       where each assigned partition ended when it was assigned, and which offsets are committed;</li>
 *   <li>{@code resolver-dnc-changes}: a DNC change that fails for any reason other than breaking
 *       the contract is retried every second WITHOUT LIMIT instead of being dead-lettered after
 *       the shared handler's ~12 s: losing it would silently allow calls to a blocked number,
 *       while a stuck partition only blocks calls (the DNC lag bound fails closed). Contract
 *       violations and undecodable records still go to {@code dnc-changes.DLT} at once.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class KafkaContainers {

  static final String CALL_STARTS = "resolver-call-starts";
  static final String DNC_CHANGES = "resolver-dnc-changes";

  @Bean
  ListenerContainerSettings resolverContainers(
      KafkaTemplate<String, Object> template, MeterRegistry registry, CallStartPositions positions,
      DeadLetterLedger ledger,
      @Value("${platform.resolver.call-starts.commit-interval:100ms}") Duration commitInterval) {
    DefaultErrorHandler dncErrors = DeadLetters.errorHandler(template, registry, ledger,
        new FixedBackOff(1000L, FixedBackOff.UNLIMITED_ATTEMPTS));
    return container -> {
      if (CALL_STARTS.equals(container.getListenerId())) {
        container.getContainerProperties().setSyncCommits(false);
        container.getContainerProperties().setAckMode(AckMode.TIME);
        container.getContainerProperties().setAckTime(commitInterval.toMillis());
        container.getContainerProperties().setConsumerRebalanceListener(positions);
        container.getContainerProperties().setCommitCallback(positions);
      } else if (DNC_CHANGES.equals(container.getListenerId())) {
        container.setCommonErrorHandler(dncErrors);
      }
    };
  }
}
