package io.contactsplatform.resolver.resolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CallStartPositionsTest {

  static final TopicPartition P0 = new TopicPartition("call-starts", 0);

  CallStartPositions positions = new CallStartPositions();
  Consumer<?, ?> consumer = mock(Consumer.class);

  @Test
  void shouldTreatRecordsBelowTheEndAtAssignmentAsPossibleRedeliveries() {
    when(consumer.endOffsets(List.of(P0))).thenReturn(Map.of(P0, 10L));
    positions.onPartitionsAssigned(consumer, List.of(P0));

    assertThat(positions.mayBeRedelivered("call-starts", 0, 9)).isTrue();
    assertThat(positions.mayBeRedelivered("call-starts", 0, 10)).isFalse();
  }

  @Test
  void shouldTreatRecordsOfUnknownOrRevokedPartitionsAsPossibleRedeliveries() {
    when(consumer.endOffsets(List.of(P0))).thenReturn(Map.of(P0, 10L));
    positions.onPartitionsAssigned(consumer, List.of(P0));
    positions.onPartitionsRevokedAfterCommit(consumer, List.of(P0));

    assertThat(positions.mayBeRedelivered("call-starts", 0, 50)).isTrue();
    assertThat(positions.mayBeRedelivered("call-starts", 1, 50)).isTrue();
  }
}
