package io.contactsplatform.support.web;

import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a request whose query string holds a NUL character (a percent-encoded {@code %00}) in a
 * parameter's name or value: 400 {@code campaignId: contains a NUL character}, before any
 * controller sees it, as {@link StrictJson} does for JSON bodies. No text the API stores or looks
 * up may contain one, and an id or filter value holding one matched nothing (200, an empty page)
 * or was stored (a DNC removal reason). Runs after authentication, so an unauthenticated caller
 * still gets its 401.
 *
 * <p>Limits: path segments are not checked here (an id holding NUL is simply not found, 404);
 * header values with raw control characters are refused by the HTTP server itself.
 */
public class QueryParameterFilter implements WebFilter, Ordered {

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 20;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    for (Map.Entry<String, List<String>> parameter : exchange.getRequest().getQueryParams().entrySet()) {
      String name = parameter.getKey();
      boolean nul = name.indexOf('\u0000') >= 0
          || parameter.getValue().stream().anyMatch(v -> v != null && v.indexOf('\u0000') >= 0);
      if (nul) {
        return FilterProblems.write(exchange, HttpStatus.BAD_REQUEST,
            name.replace('\u0000', '?') + ": contains a NUL character");
      }
    }
    return chain.filter(exchange);
  }
}
