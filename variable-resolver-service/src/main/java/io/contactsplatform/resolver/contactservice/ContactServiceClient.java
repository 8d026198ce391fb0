package io.contactsplatform.resolver.contactservice;

import io.contactsplatform.resolver.campaign.CustomFieldCatalog;
import io.contactsplatform.support.web.ApiException;
import io.contactsplatform.support.web.ServiceClients;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The resolver's only REST coupling: asks contact-service, with the caller's own
 * {@code Authorization} header (so the answer is the caller's workspace), for the keys of the
 * workspace's custom field definitions ({@code GET /v1/custom-fields}) and for the members of a
 * segment ({@code GET /v1/segments/{id}/contacts}, cursor paging). Reads only {@code key} /
 * {@code id} of each item and {@code nextCursor}; accepts a bare JSON array or {@code {items}}.
 * A 404 for a segment is a 404 to our caller; any other failure is a 502 problem naming
 * contact-service, never a silent pass.
 */
@Component
@EnableConfigurationProperties(ContactServiceProperties.class)
public class ContactServiceClient implements CustomFieldCatalog {

  static final int SEGMENT_PAGE_SIZE = 500;
  private static final ParameterizedTypeReference<Object> JSON = new ParameterizedTypeReference<>() {
  };

  private final WebClient http;
  private final ContactServiceProperties properties;

  ContactServiceClient(ContactServiceProperties properties) {
    this.properties = properties;
    this.http = ServiceClients.builder("contact-service").baseUrl(properties.baseUrl().toString())
        .codecs(c -> c.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
        .build();
  }

  @Override
  public Mono<Set<String>> keys(String authorization) {
    return pages("/v1/custom-fields", authorization, "custom fields")
        .flatMapIterable(page -> items(page, "key"))
        .map(key -> key.startsWith("cf:") || key.startsWith("cf.") ? key.substring(3) : key)
        .collect(LinkedHashSet::new, Set::add);
  }

  /** Contact ids of a segment's members, page by page; 404 when the caller's workspace has no such segment. */
  public Flux<List<String>> segmentMembers(String segmentId, String authorization) {
    return pages("/v1/segments/" + segmentId + "/contacts", authorization, "segment " + segmentId)
        .map(page -> items(page, "id"))
        .onErrorMap(WebClientResponseException.NotFound.class,
            e -> ApiException.notFound("segment " + segmentId + " not found in contact-service"));
  }

  private Flux<Object> pages(String path, String authorization, String what) {
    return page(path, null, authorization, what)
        .expand(page -> {
          String next = nextCursor(page);
          return next == null ? Mono.empty() : page(path, next, authorization, what);
        });
  }

  private Mono<Object> page(String path, String cursor, String authorization, String what) {
    return http.get()
        .uri(b -> {
          b.path(path).queryParam("pageSize", SEGMENT_PAGE_SIZE);
          if (cursor != null) {
            b.queryParam("cursor", cursor);
          }
          return b.build();
        })
        .header(HttpHeaders.AUTHORIZATION, authorization)
        .retrieve()
        .bodyToMono(JSON)
        .retryWhen(ServiceClients.transportRetry())
        .timeout(properties.timeout())
        .onErrorMap(e -> !(e instanceof WebClientResponseException.NotFound && what.startsWith("segment")),
            e -> unavailable("cannot read " + what + " from contact-service (" + properties.baseUrl() + "): "
                + e.getMessage()));
  }

  private static String nextCursor(Object page) {
    if (page instanceof Map<?, ?> map && map.get("nextCursor") instanceof String next && !next.isBlank()) {
      return next;
    }
    return null;
  }

  private static List<String> items(Object page, String field) {
    Object items = page instanceof Map<?, ?> map ? map.get("items") : page;
    List<String> values = new ArrayList<>();
    if (items instanceof Collection<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> element && element.get(field) instanceof String value) {
          values.add(value);
        }
      }
    }
    return values;
  }

  static ErrorResponseException unavailable(String detail) {
    return new ErrorResponseException(HttpStatus.BAD_GATEWAY,
        ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, detail), null);
  }
}
