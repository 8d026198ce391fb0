package io.contactsplatform.support.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.FormPartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Flux;

class UploadsTest {

  @TempDir
  Path spool;

  private Uploads uploads() {
    return new Uploads(spool, DataSize.ofBytes(1000), "test.max-file-size", "t-");
  }

  private static Flux<DataBuffer> bytes(int n) {
    return Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(new byte[n]));
  }

  @Test
  void answers413AtOnceWhenContentLengthIsOverTheLimitWithoutReadingTheBody() {
    AtomicBoolean subscribed = new AtomicBoolean();
    Flux<PartEvent> never = Flux.<PartEvent>never().doOnSubscribe(s -> subscribed.set(true));

    assertThatThrownBy(() -> uploads().receive(never, 1000L + Uploads.MAX_OPTIONS_BYTES + 1).block(Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
          assertThat(e.getStatusCode().value()).isEqualTo(413);
          assertThat(e.getBody().getDetail()).contains("1000 bytes").contains("test.max-file-size");
        });
    assertThat(subscribed).isFalse();
  }

  @Test
  void answers413WhileStreamingAndKeepsNoFile() throws Exception {
    Flux<PartEvent> overLimit = Flux.<PartEvent>from(FilePartEvent.create("file", "a.csv", MediaType.TEXT_PLAIN,
        Flux.concat(bytes(600), bytes(600))));

    assertThatThrownBy(() -> uploads().receive(overLimit, null).block(Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(ErrorResponseException.class, e -> assertThat(e.getStatusCode().value()).isEqualTo(413));
    try (var files = Files.list(spool)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void spoolsTheFileAndKeepsTheOptionsText() throws Exception {
    Flux<PartEvent> parts = Flux.concat(
        FilePartEvent.create("file", "dnc.csv", MediaType.TEXT_PLAIN,
            Flux.just(DefaultDataBufferFactory.sharedInstance.wrap("phone\n1\n".getBytes(StandardCharsets.UTF_8)))),
        FormPartEvent.create("options", "{\"mode\":\"APPEND\"}"));

    Upload upload = uploads().receive(parts, null).block(Duration.ofSeconds(5));

    assertThat(upload.fileName()).isEqualTo("dnc.csv");
    assertThat(upload.size()).isEqualTo(8);
    assertThat(upload.options()).isEqualTo("{\"mode\":\"APPEND\"}");
    assertThat(Files.readString(upload.file())).isEqualTo("phone\n1\n");
  }

  @Test
  void refusesAFileNameOverTheLimitAndAMissingFilePart() {
    Flux<PartEvent> longName = Flux.from(FilePartEvent.create("file", "a".repeat(256), MediaType.TEXT_PLAIN, bytes(1)));
    assertThatThrownBy(() -> uploads().receive(longName, null).block(Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
          assertThat(e.getStatusCode().value()).isEqualTo(400);
          assertThat(e.getBody().getDetail()).contains("255");
        });
    assertThatThrownBy(() -> uploads().receive(Flux.from(FormPartEvent.create("options", "{}")), null).block(Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(ErrorResponseException.class, e -> assertThat(e.getBody().getDetail()).startsWith("file:"));
  }
}
