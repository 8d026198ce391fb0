package io.contactsplatform.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Mono;

/** The shared progress stream: changes only, then one {@code done}, with increasing ids. */
class ProgressEventsTest {

  private record Job(String status, int rows) {
  }

  @Test
  void shouldSendChangesThenDoneAndEnd() {
    List<Job> reads = List.of(new Job("RUNNING", 10), new Job("RUNNING", 10), new Job("RUNNING", 20),
        new Job("RUNNING", 20), new Job("COMPLETED", 30), new Job("COMPLETED", 30));
    AtomicInteger next = new AtomicInteger();
    List<ServerSentEvent<String>> events = ProgressEvents.of(new Job("QUEUED", 0),
            () -> Mono.just(reads.get(Math.min(next.getAndIncrement(), reads.size() - 1))), Duration.ofMillis(5),
            job -> List.of(job.status(), job.rows()), job -> job.status().equals("COMPLETED"),
            job -> job.status() + ":" + job.rows())
        .collectList().block(Duration.ofSeconds(10));

    assertThat(events).extracting(ServerSentEvent::data)
        .containsExactly("QUEUED:0", "RUNNING:10", "RUNNING:20", "COMPLETED:30");
    assertThat(events).extracting(ServerSentEvent::event).containsExactly("progress", "progress", "progress", "done");
    assertThat(events).extracting(ServerSentEvent::id).containsExactly("1", "2", "3", "4");
  }

  @Test
  void shouldEndAtOnceForAJobAlreadyDone() {
    List<ServerSentEvent<String>> events = ProgressEvents.of(new Job("FAILED", 3), () -> Mono.<Job>empty(),
        Duration.ofSeconds(1), Job::rows, job -> true, Job::status).collectList().block(Duration.ofSeconds(5));

    assertThat(events).singleElement().satisfies(e -> assertThat(e.event()).isEqualTo("done"));
  }
}
