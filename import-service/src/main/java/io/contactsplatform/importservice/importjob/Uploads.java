package io.contactsplatform.importservice.importjob;

import io.contactsplatform.importservice.Problems;
import io.contactsplatform.support.web.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.FormPartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Receives a multipart upload as a stream of part events: the {@code file} part is written
 * straight to a new file in the spool directory as it arrives (never held in memory, written
 * once), counting bytes; over {@code platform.import.max-file-size} the upload stops with 413 and
 * the partial file is deleted. The {@code options} part (at most 1 MiB) is kept as text; other
 * parts are ignored. A request without a {@code file} part is a 400.
 */
@Component
class Uploads {

  static final int MAX_OPTIONS_BYTES = 1 << 20;

  private final ImportProperties properties;

  Uploads(ImportProperties properties) {
    this.properties = properties;
  }

  long maxFileSize() {
    return properties.maxFileSize().toBytes();
  }

  ErrorResponseException tooLarge() {
    return Problems.of(HttpStatus.CONTENT_TOO_LARGE, "file: larger than the maximum upload size of "
        + properties.maxFileSize().toMegabytes() + " MB (platform.import.max-file-size); split the file");
  }

  /** Spools the upload; the caller owns (and must delete) the file. */
  Mono<Upload> receive(Flux<PartEvent> parts, Long contentLength) {
    if (contentLength != null && contentLength > maxFileSize() + MAX_OPTIONS_BYTES) {
      return Mono.error(tooLarge());
    }
    Path spool = properties.spoolDir().resolve("import-" + UUID.randomUUID() + ".csv");
    return parts.windowUntil(PartEvent::isLast)
        .concatMap(window -> window.switchOnFirst((signal, events) -> {
          if (!signal.hasValue()) {
            return events.then(Mono.<Upload>empty());
          }
          PartEvent first = signal.get();
          if ("file".equals(first.name())) {
            return spool(first, events, spool);
          }
          if ("options".equals(first.name())) {
            return DataBufferUtils.join(events.map(PartEvent::content), MAX_OPTIONS_BYTES)
                .map(buffer -> {
                  try {
                    return new Upload(null, null, 0, buffer.toString(StandardCharsets.UTF_8));
                  } finally {
                    DataBufferUtils.release(buffer);
                  }
                })
                .defaultIfEmpty(new Upload(null, null, 0, ""))
                .onErrorMap(DataBufferLimitException.class,
                    e -> ApiException.badRequest("options: larger than " + MAX_OPTIONS_BYTES + " bytes"));
          }
          return events.doOnNext(e -> DataBufferUtils.release(e.content())).then(Mono.<Upload>empty());
        }))
        .collectList()
        .flatMap(received -> combine(received, spool))
        .onErrorResume(e -> Mono.fromRunnable(() -> ImportRunner.deleteQuietly(spool))
            .subscribeOn(Schedulers.boundedElastic()).then(Mono.error(e)));
  }

  private Mono<Upload> spool(PartEvent first, Flux<PartEvent> events, Path spool) {
    String fileName = first instanceof FilePartEvent file && file.filename() != null && !file.filename().isBlank()
        ? file.filename() : first instanceof FormPartEvent ? "file" : "upload.csv";
    AtomicLong size = new AtomicLong();
    long max = maxFileSize();
    Flux<DataBuffer> content = events.map(PartEvent::content).handle((buffer, sink) -> {
      if (size.addAndGet(buffer.readableByteCount()) > max) {
        DataBufferUtils.release(buffer);
        sink.error(tooLarge());
      } else {
        sink.next(buffer);
      }
    });
    return Mono.fromCallable(() -> Files.createDirectories(properties.spoolDir()))
        .subscribeOn(Schedulers.boundedElastic())
        .then(DataBufferUtils.write(content, spool))
        .then(Mono.fromCallable(() -> new Upload(spool, fileName, size.get(), null)));
  }

  private static Mono<Upload> combine(List<Upload> received, Path spool) {
    Upload file = received.stream().filter(u -> u.file() != null).findFirst().orElse(null);
    String options = received.stream().filter(u -> u.file() == null).map(Upload::options).findFirst().orElse(null);
    if (file == null) {
      return Mono.error(ApiException.badRequest("file: missing the multipart part 'file' (the CSV file)"));
    }
    if (!Files.exists(spool)) {
      try {
        Files.createFile(spool);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Mono.just(new Upload(file.file(), file.fileName(), file.size(), options));
  }
}
