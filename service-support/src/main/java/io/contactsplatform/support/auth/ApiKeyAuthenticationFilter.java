package io.contactsplatform.support.auth;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Requires {@code Authorization: Bearer <api key>} on every request except health and info,
 * and stores the key's {@link Workspace} on the exchange. Missing or unknown keys get a 401
 * problem detail, or a 429 with {@code Retry-After} once the client has failed too often
 * ({@link AuthFailureThrottle}); the key is never logged.
 */
public class ApiKeyAuthenticationFilter implements WebFilter, Ordered,
    ApplicationListener<WebServerInitializedEvent> {

  /** Exchange attribute holding the authenticated {@link Workspace}. */
  public static final String WORKSPACE_ATTRIBUTE = Workspace.class.getName();

  private static final String BEARER = "Bearer ";

  private final ApiKeys apiKeys;
  private final AuthFailureThrottle throttle;
  private volatile int managementPort = -1;

  public ApiKeyAuthenticationFilter(ApiKeys apiKeys, AuthFailureThrottle throttle) {
    this.apiKeys = apiKeys;
    this.throttle = throttle;
  }

  /**
   * Remembers the port of a separate management server ({@code management.server.port}): requests
   * arriving there are for operators (health, metrics) and need no workspace key.
   */
  @Override
  public void onApplicationEvent(WebServerInitializedEvent event) {
    if ("management".equals(event.getApplicationContext().getServerNamespace())) {
      managementPort = event.getWebServer().getPort();
    }
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 10;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    InetSocketAddress local = exchange.getRequest().getLocalAddress();
    if (isOpen(path) || (managementPort > 0 && local != null && local.getPort() == managementPort)) {
      return chain.filter(exchange);
    }
    String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return failed(exchange, "Missing 'Authorization: Bearer <api key>' header");
    }
    Optional<Workspace> workspace = apiKeys.authenticate(header.substring(BEARER.length()).trim());
    if (workspace.isEmpty()) {
      return failed(exchange, "Unknown API key");
    }
    exchange.getAttributes().put(WORKSPACE_ATTRIBUTE, workspace.get());
    return chain.filter(exchange);
  }

  static boolean isOpen(String path) {
    return path.equals("/actuator/health") || path.startsWith("/actuator/health/")
        || path.equals("/actuator/info");
  }

  private Mono<Void> failed(ServerWebExchange exchange, String detail) {
    OptionalLong retryAfter = throttle.recordFailure(client(exchange));
    if (retryAfter.isPresent()) {
      exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.getAsLong()));
      return problem(exchange, HttpStatus.TOO_MANY_REQUESTS, "Too many failed authentications from this client: "
          + "retry after " + retryAfter.getAsLong() + " s with a valid API key");
    }
    exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    return problem(exchange, HttpStatus.UNAUTHORIZED, detail);
  }

  private static String client(ServerWebExchange exchange) {
    InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
    if (remote == null) {
      return "unknown";
    }
    return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
  }

  private static Mono<Void> problem(ServerWebExchange exchange, HttpStatus status, String detail) {
    var response = exchange.getResponse();
    response.setStatusCode(status);
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    String body = "{\"type\":\"about:blank\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":"
        + status.value() + ",\"detail\":\"" + detail + "\",\"instance\":\""
        + exchange.getRequest().getPath().value().replace("\"", "").replace("\\", "") + "\"}";
    DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
    return response.writeWith(Mono.just(buffer));
  }
}
