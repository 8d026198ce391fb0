package io.contactsplatform.support.web;

import java.time.Duration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;

/**
 * WebClients for one service calling another (import-service and variable-resolver-service read
 * contact-service). Pooled connections are dropped after {@link #MAX_IDLE} idle, below the usual
 * keep-alive timeouts of servers and proxies, and {@link #transportRetry()} retries an idempotent
 * request whose connection failed before any response (a peer closing a pooled keep-alive
 * connection at the moment it is reused is a normal event, not an outage).
 *
 * <p>Limits: only transport failures before a response are retried, twice; HTTP error answers
 * and timeouts are not. Use the retry on GETs only.
 */
public final class ServiceClients {

  static final Duration MAX_IDLE = Duration.ofSeconds(15);
  private static final int RETRIES = 2;

  private ServiceClients() {
  }

  /** A builder whose connector evicts idle pooled connections before peers usually close them. */
  public static WebClient.Builder builder(String name) {
    ConnectionProvider pool = ConnectionProvider.builder(name)
        .maxIdleTime(MAX_IDLE)
        .evictInBackground(MAX_IDLE)
        .build();
    return WebClient.builder().clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool)));
  }

  /** Bounded retry of an idempotent request that failed at the transport level before any response. */
  public static RetryBackoffSpec transportRetry() {
    return Retry.backoff(RETRIES, Duration.ofMillis(50))
        .filter(WebClientRequestException.class::isInstance)
        .onRetryExhaustedThrow((spec, signal) -> signal.failure());
  }
}
