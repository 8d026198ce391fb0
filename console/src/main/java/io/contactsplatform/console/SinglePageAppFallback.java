package io.contactsplatform.console;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Serves {@code index.html} for the web app's client-side routes ({@code /contacts},
 * {@code /contacts/<id>}, {@code /segments}, ...): a GET whose path is not under {@code /api/},
 * {@code /actuator/} or {@code /assets/} and whose last segment has no file extension is answered
 * as {@code /index.html}. Files (assets, favicon) and the API are left alone, so an unknown API
 * path stays a 404 rather than an HTML page.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class SinglePageAppFallback implements WebFilter {

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    if (exchange.getRequest().getMethod() == HttpMethod.GET && isClientRoute(path)) {
      return chain.filter(exchange.mutate().request(r -> r.path("/index.html")).build());
    }
    return chain.filter(exchange);
  }

  static boolean isClientRoute(String path) {
    if (path.startsWith("/api/") || path.equals("/api") || path.startsWith("/actuator")
        || path.startsWith("/assets/")) {
      return false;
    }
    String last = path.substring(path.lastIndexOf('/') + 1);
    return !last.contains(".");
  }
}
