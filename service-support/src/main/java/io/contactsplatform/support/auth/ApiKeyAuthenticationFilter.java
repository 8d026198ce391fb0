package io.contactsplatform.support.auth;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * Requires {@code Authorization: Bearer <api key>} on every request except health and info.
 *
 * <ul>
 *   <li>Workspace paths: the key is looked up by its SHA-256 among the configured keys
 *       ({@link ApiKeys}), then in the shared key store ({@link ApiKeyStore}); the caller's
 *       {@link Workspace} (workspace, key id, key name) is stored on the exchange. The platform
 *       admin credential is not a workspace key there (401).</li>
 *   <li>{@code /v1/admin/**}, on a service that serves the admin API: only the platform admin
 *       credential ({@link AdminCredential}) passes; a valid workspace key gets 403.</li>
 * </ul>
 *
 * <p>Missing or unknown keys get a 401 problem detail, or a 429 with {@code Retry-After} once the
 * client has failed too often ({@link AuthFailureThrottle}); a key store that cannot answer gives
 * 503 (never a pass). The key is never logged.
 */
public class ApiKeyAuthenticationFilter implements WebFilter, Ordered,
    ApplicationListener<WebServerInitializedEvent> {

  /** Exchange attribute holding the authenticated {@link Workspace}. */
  public static final String WORKSPACE_ATTRIBUTE = Workspace.class.getName();

  private static final String BEARER = "Bearer ";
  private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthenticationFilter.class);

  /** Exchange attribute set (to {@code true}) on requests authenticated by the platform admin credential. */
  public static final String ADMIN_ATTRIBUTE = AdminCredential.class.getName();

  private static final String ADMIN_PATH = "/v1/admin";

  private final ApiKeys apiKeys;
  private final ApiKeyStore store;
  private final AdminCredential admin;
  private final AuthFailureThrottle throttle;
  private volatile int managementPort = -1;

  /** Configured keys only, no admin API (tests, tools). */
  public ApiKeyAuthenticationFilter(ApiKeys apiKeys, AuthFailureThrottle throttle) {
    this(apiKeys, null, AdminCredential.NONE, throttle);
  }

  /**
   * @param store the shared key store, or {@code null} when disabled
   * @param admin the admin credential; {@link AdminCredential#NONE} when this service serves no admin API
   */
  public ApiKeyAuthenticationFilter(ApiKeys apiKeys, ApiKeyStore store, AdminCredential admin,
                                    AuthFailureThrottle throttle) {
    this.apiKeys = apiKeys;
    this.store = store;
    this.admin = admin;
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
    String token = header.substring(BEARER.length()).trim();
    if (token.isEmpty()) {
      return failed(exchange, "Unknown API key");
    }
    String hash = ApiKeys.sha256Hex(token);
    if (admin.servesApi() && isAdmin(path)) {
      if (admin.matches(hash)) {
        exchange.getAttributes().put(ADMIN_ATTRIBUTE, Boolean.TRUE);
        return chain.filter(exchange);
      }
      return resolve(hash)
          .flatMap(workspace -> workspace.isPresent()
              ? problem(exchange, HttpStatus.FORBIDDEN, "A workspace API key cannot use the admin API: "
                  + "use the platform admin credential")
              : failed(exchange, "Unknown admin credential"))
          .onErrorResume(StoreFailure.class, e -> storeUnavailable(exchange, e.getCause()));
    }
    return resolve(hash)
        .flatMap(workspace -> {
          if (workspace.isEmpty()) {
            return failed(exchange, "Unknown API key");
          }
          exchange.getAttributes().put(WORKSPACE_ATTRIBUTE, workspace.get());
          return chain.filter(exchange);
        })
        .onErrorResume(StoreFailure.class, e -> storeUnavailable(exchange, e.getCause()));
  }

  /** A configured key first (no I/O), else the key store. */
  private Mono<Optional<Workspace>> resolve(String hash) {
    Optional<Workspace> configured = apiKeys.byHash(hash);
    if (configured.isPresent() || store == null) {
      return Mono.just(configured);
    }
    return store.authenticate(hash).onErrorMap(StoreFailure::new);
  }

  static boolean isAdmin(String path) {
    return path.equals(ADMIN_PATH) || path.startsWith(ADMIN_PATH + "/");
  }

  private Mono<Void> storeUnavailable(ServerWebExchange exchange, Throwable cause) {
    log.warn("API key store lookup failed: {}", cause.toString());
    exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
    return problem(exchange, HttpStatus.SERVICE_UNAVAILABLE,
        "The API key store did not answer: retry shortly");
  }

  /** A key store failure, kept apart from errors of the filter chain behind a successful authentication. */
  private static final class StoreFailure extends RuntimeException {
    StoreFailure(Throwable cause) {
      super(cause);
    }
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
