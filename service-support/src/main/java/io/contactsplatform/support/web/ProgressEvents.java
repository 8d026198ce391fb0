package io.contactsplatform.support.web;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The server-sent event stream of a long-running job's progress, the same for every service
 * (imports, DNC imports): the job is read from the shared store every {@code interval} (so any
 * instance can serve the stream) and sent as event {@code progress} whenever its
 * {@code signature} (status and counts) changed, with a keep-alive comment every
 * {@value #KEEP_ALIVE_SECONDS} s; once {@code done} holds, a last event {@code done} is sent and
 * the stream ends. Events carry increasing ids from 1.
 *
 * <p>Limit: one store read per open stream per interval; a reader that is slower than the
 * interval skips ticks rather than queueing them.
 */
public final class ProgressEvents {

  public static final long KEEP_ALIVE_SECONDS = 15;

  private ProgressEvents() {
  }

  /**
   * Events for the job {@code first} (already read), re-read with {@code read}; {@code view} is
   * what an event carries (it may keep state, e.g. to never show progress going down).
   */
  public static <J, V> Flux<ServerSentEvent<V>> of(J first, Supplier<Mono<J>> read, Duration interval,
                                                   Function<J, ?> signature, Predicate<J> done,
                                                   Function<J, V> view) {
    AtomicReference<Object> last = new AtomicReference<>();
    AtomicInteger sequence = new AtomicInteger();
    Flux<ServerSentEvent<V>> updates = Flux.interval(interval)
        .onBackpressureDrop()
        .concatMap(tick -> read.get(), 1)
        .startWith(first)
        .map(job -> new Read<>(job, done.test(job)))
        .filter(r -> !Objects.equals(last.getAndSet(signature.apply(r.job())), signature.apply(r.job())) || r.done())
        .takeUntil(Read::done)
        .map(r -> ServerSentEvent.builder(view.apply(r.job())).id(String.valueOf(sequence.incrementAndGet()))
            .event(r.done() ? "done" : "progress").build());
    Flux<ServerSentEvent<V>> keepAlive = Flux.interval(Duration.ofSeconds(KEEP_ALIVE_SECONDS))
        .map(tick -> ServerSentEvent.<V>builder().comment("keep-alive").build());
    return Flux.merge(updates, keepAlive).takeUntil(e -> "done".equals(e.event()));
  }

  private record Read<J>(J job, boolean done) {
  }
}
