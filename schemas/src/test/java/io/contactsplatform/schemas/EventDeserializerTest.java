package io.contactsplatform.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactsplatform.events.call.start.CallStart;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class EventDeserializerTest {

  private final EventSerializer serializer = new EventSerializer();
  private final EventDeserializer deserializer = new EventDeserializer();

  @Test
  void shouldPickValueTypeFromTopicCatalog() {
    CallStart event = SingleObjectEventCodecTest.callStart();

    Object decoded = deserializer.deserialize("call-starts", serializer.serialize("call-starts", event));

    assertThat(decoded).isEqualTo(event);
  }

  @Test
  void shouldRejectEventWithoutWorkspace() {
    CallStart event = SingleObjectEventCodecTest.callStart();
    event.setWorkspaceId(" ");
    byte[] bytes = serializer.serialize("call-starts", event);

    assertThatThrownBy(() -> deserializer.deserialize("call-starts", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("no workspaceId");
  }

  @Test
  void shouldRejectBytesOfAnotherEventType() {
    byte[] bytes = serializer.serialize("call-starts", SingleObjectEventCodecTest.callStart());

    assertThatThrownBy(() -> deserializer.deserialize("dnc-commands", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("DncCommand");
  }

  @Test
  void shouldRejectTopicOutsideCatalog() {
    assertThatThrownBy(() -> deserializer.deserialize("no-such-topic", new byte[] {1}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not in the event catalog");
  }
}
