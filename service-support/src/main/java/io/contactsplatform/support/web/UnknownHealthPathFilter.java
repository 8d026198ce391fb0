package io.contactsplatform.support.web;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Answers 404 (a problem detail, nothing logged) for a health path that names no component, such
 * as {@code /actuator/health/a/b}: Boot's health endpoint fails with {@code IllegalStateException
 * ('contributor' must not be null)} when a nested path starts with an unknown name, which would be
 * a 500 with a logged stack trace.
 *
 * <p>Limits: only {@code IllegalStateException}/{@code IllegalArgumentException} raised under
 * {@code /actuator/health/} are mapped, and only while no answer has been committed.
 */
public class UnknownHealthPathFilter implements WebFilter, Ordered {

  private static final String HEALTH = "/actuator/health/";

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 5;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    if (!path.startsWith(HEALTH)) {
      return chain.filter(exchange);
    }
    return Mono.defer(() -> chain.filter(exchange))
        .onErrorResume(e -> (e instanceof IllegalStateException || e instanceof IllegalArgumentException)
            && !exchange.getResponse().isCommitted(), e -> notFound(exchange));
  }

  private static Mono<Void> notFound(ServerWebExchange exchange) {
    return FilterProblems.write(exchange, HttpStatus.NOT_FOUND, "no health component or group at this path");
  }
}
