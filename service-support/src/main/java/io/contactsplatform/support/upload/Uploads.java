package io.contactsplatform.support.upload;

import io.contactsplatform.support.web.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.FormPartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The one way every service receives a file upload ({@code multipart/form-data} with a
 * {@code file} part and an optional JSON {@code options} part), read as a stream of
 * {@link PartEvent}s: the {@code file} part is written straight to a new file in the spool
 * directory as it arrives (never held in memory, written once), counting bytes. Limits, each
 * answered with a problem naming it:
 * <ul>
 *   <li>a {@code Content-Length} over the file limit plus the options limit: 413 at once, before a
 *       byte is read; otherwise 413 as soon as the streamed file part passes the file limit (the
 *       partial file is deleted);</li>
 *   <li>the {@code options} part: at most {@value #MAX_OPTIONS_BYTES} bytes (400);</li>
 *   <li>a file name longer than {@value #MAX_FILE_NAME_LENGTH} characters: 400;</li>
 *   <li>no {@code file} part: 400.</li>
 * </ul>
 * Other parts are ignored. Malformed multipart (no boundary, truncated body, oversized part
 * headers) is answered by WebFlux's {@code PartEventHttpMessageReader} as 400/413 before this class
 * sees it. Not a bean by itself: each service builds one from its own settings.
 */
public final class Uploads {

  /** Largest {@code options} part, in bytes. */
  public static final int MAX_OPTIONS_BYTES = 1 << 20;
  /** The multipart reader's limit on one part's headers (WebFlux's default), in bytes. */
  public static final int MAX_PART_HEADERS_BYTES = 10 * 1024;
  /** Longest file name a client may send, in characters. */
  public static final int MAX_FILE_NAME_LENGTH = 255;

  private static final Logger log = LoggerFactory.getLogger(Uploads.class);

  private final Path spoolDir;
  private final DataSize maxFileSize;
  private final String maxFileSizeProperty;
  private final String spoolPrefix;

  /**
   * @param spoolDir            where uploads are written while they are read
   * @param maxFileSize         the largest accepted {@code file} part
   * @param maxFileSizeProperty the setting that holds it, named in the 413 detail
   * @param spoolPrefix         prefix of the spooled files' names
   */
  public Uploads(Path spoolDir, DataSize maxFileSize, String maxFileSizeProperty, String spoolPrefix) {
    this.spoolDir = spoolDir;
    this.maxFileSize = maxFileSize;
    this.maxFileSizeProperty = maxFileSizeProperty;
    this.spoolPrefix = spoolPrefix;
  }

  public long maxFileSize() {
    return maxFileSize.toBytes();
  }

  public Path spoolDir() {
    return spoolDir;
  }

  /** The 413 of an upload over the limit; its detail names the limit in bytes and the setting. */
  public ErrorResponseException tooLarge() {
    HttpStatus status = HttpStatus.CONTENT_TOO_LARGE;
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, "file: larger than the maximum upload size of "
        + maxFileSize() + " bytes (" + maxFileSize.toMegabytes() + " MB, " + maxFileSizeProperty + "); split the file");
    problem.setProperty("maxFileBytes", maxFileSize());
    return new ErrorResponseException(status, problem, null);
  }

  /** The request's {@code Content-Length}, or null when it has none. */
  public static Long contentLength(ServerHttpRequest request) {
    long length = request.getHeaders().getContentLength();
    return length < 0 ? null : length;
  }

  /** Spools the upload; the caller owns (and must delete) the file. */
  public Mono<Upload> receive(Flux<PartEvent> parts, Long contentLength) {
    if (contentLength != null && contentLength > maxFileSize() + MAX_OPTIONS_BYTES) {
      return Mono.error(tooLarge());
    }
    Path spool = spoolDir.resolve(spoolPrefix + UUID.randomUUID() + ".upload");
    return parts.onErrorMap(Uploads::multipartProblem).windowUntil(PartEvent::isLast)
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
        .onErrorResume(e -> Mono.fromRunnable(() -> deleteQuietly(spool))
            .subscribeOn(Schedulers.boundedElastic()).then(Mono.error(e)));
  }

  /** A problem naming what is wrong with a multipart body the reader could not parse. */
  private static Throwable multipartProblem(Throwable e) {
    if (e instanceof ApiException) {
      return e;
    }
    int status = e instanceof ErrorResponseException response ? response.getStatusCode().value() : 0;
    if (e instanceof DataBufferLimitException || status == 413 || root(e) instanceof DataBufferLimitException) {
      HttpStatus tooLarge = HttpStatus.CONTENT_TOO_LARGE;
      return new ErrorResponseException(tooLarge, ProblemDetail.forStatusAndDetail(tooLarge, "multipart: the headers "
          + "of a part are larger than " + MAX_PART_HEADERS_BYTES + " bytes (a file name of thousands of characters?); "
          + "file names may be at most " + MAX_FILE_NAME_LENGTH + " characters"), e);
    }
    if (e instanceof DecodingException || status == 400) {
      Throwable root = root(e);
      return ApiException.badRequest("multipart: not a valid multipart/form-data body"
          + (root.getMessage() == null ? "" : " (" + root.getMessage() + ")"));
    }
    return e;
  }

  private static Throwable root(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  private Mono<Upload> spool(PartEvent first, Flux<PartEvent> events, Path spool) {
    String fileName = first instanceof FilePartEvent file && file.filename() != null && !file.filename().isBlank()
        ? file.filename() : first instanceof FormPartEvent ? "file" : "upload.csv";
    if (fileName.length() > MAX_FILE_NAME_LENGTH) {
      return events.doOnNext(e -> DataBufferUtils.release(e.content()))
          .then(Mono.error(ApiException.badRequest("file: the file name is " + fileName.length()
              + " characters long; at most " + MAX_FILE_NAME_LENGTH + " are accepted")));
    }
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
    return Mono.fromCallable(() -> Files.createDirectories(spoolDir))
        .subscribeOn(Schedulers.boundedElastic())
        .then(DataBufferUtils.write(content, spool))
        .then(Mono.fromCallable(() -> new Upload(spool, fileName, size.get(), null)));
  }

  private static Mono<Upload> combine(List<Upload> received, Path spool) {
    Upload file = received.stream().filter(u -> u.file() != null).findFirst().orElse(null);
    String options = received.stream().filter(u -> u.file() == null).map(Upload::options).findFirst().orElse(null);
    if (file == null) {
      return Mono.error(ApiException.badRequest("file: missing the multipart part 'file' (the file to import)"));
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

  /** Deletes a spooled file, logging (not throwing) when that fails. */
  public static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("could not delete spooled upload {}", file, e);
    }
  }
}
