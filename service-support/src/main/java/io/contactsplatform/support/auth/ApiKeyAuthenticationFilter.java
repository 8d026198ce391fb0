package io.contactsplatform.support.auth;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
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
 * problem detail; the key is never logged.
 */
public class ApiKeyAuthenticationFilter implements WebFilter, Ordered {

  /** Exchange attribute holding the authenticated {@link Workspace}. */
  public static final String WORKSPACE_ATTRIBUTE = Workspace.class.getName();

  private static final String BEARER = "Bearer ";

  private final ApiKeys apiKeys;

  public ApiKeyAuthenticationFilter(ApiKeys apiKeys) {
    this.apiKeys = apiKeys;
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 10;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    if (isOpen(path)) {
      return chain.filter(exchange);
    }
    String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return unauthorized(exchange, "Missing 'Authorization: Bearer <api key>' header");
    }
    Optional<Workspace> workspace = apiKeys.authenticate(header.substring(BEARER.length()).trim());
    if (workspace.isEmpty()) {
      return unauthorized(exchange, "Unknown API key");
    }
    exchange.getAttributes().put(WORKSPACE_ATTRIBUTE, workspace.get());
    return chain.filter(exchange);
  }

  static boolean isOpen(String path) {
    return path.equals("/actuator/health") || path.startsWith("/actuator/health/")
        || path.equals("/actuator/info");
  }

  private static Mono<Void> unauthorized(ServerWebExchange exchange, String detail) {
    var response = exchange.getResponse();
    response.setStatusCode(HttpStatus.UNAUTHORIZED);
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    String body = "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\""
        + detail + "\",\"instance\":\"" + exchange.getRequest().getPath().value().replace("\"", "") + "\"}";
    DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
    return response.writeWith(Mono.just(buffer));
  }
}
