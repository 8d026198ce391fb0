package io.contactsplatform.console;

import java.net.URI;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.Buildable;
import org.springframework.cloud.gateway.route.builder.PredicateSpec;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway's routes: {@code /api/contacts/**} → contact-service, {@code /api/imports/**} →
 * import-service, {@code /api/dnc/**} → dnc-service, {@code /api/resolver/**} →
 * variable-resolver-service, with the two leading segments stripped
 * ({@code /api/contacts/v1/contacts?x=1} → {@code <contact-service>/v1/contacts?x=1}). Method, body,
 * query and headers (including {@code Authorization}) pass unchanged; nothing is added that a
 * service would trust. Any other {@code /api/**} path matches no route and is a 404 from the console.
 */
@Configuration(proxyBeanMethods = false)
class ApiRoutes {

  @Bean
  RouteLocator apiRouteLocator(RouteLocatorBuilder builder, UpstreamProperties upstreams) {
    return builder.routes()
        .route("contacts", r -> route(r, "contacts", upstreams.contacts()))
        .route("imports", r -> route(r, "imports", upstreams.imports()))
        .route("dnc", r -> route(r, "dnc", upstreams.dnc()))
        .route("resolver", r -> route(r, "resolver", upstreams.resolver()))
        .build();
  }

  private static Buildable<Route> route(PredicateSpec r, String prefix, URI upstream) {
    return r.path("/api/" + prefix + "/**").filters(f -> f.stripPrefix(2)).uri(upstream);
  }
}
