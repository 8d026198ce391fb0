package io.contactsplatform.importservice.customfield;

import io.contactsplatform.support.customfield.CustomFieldType;
import io.contactsplatform.importservice.Problems;
import io.contactsplatform.support.web.ServiceClients;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a workspace's custom field definitions from contact-service ({@code GET /v1/custom-fields},
 * which owns them; import-service cannot read its database), passing on the caller's own
 * {@code Authorization} header so contact-service scopes the answer to the caller's workspace.
 * Base URL: {@code platform.import.contact-service-url} (default {@code http://localhost:8081}).
 * Accepts a JSON array or a cursor page ({@code items} + {@code nextCursor}, followed to the end);
 * ENUM values are read from {@code allowedValues} (or {@code values} / {@code options}), the
 * default from {@code default} (or {@code defaultValue}).
 *
 * <p>Coupling: an import that maps {@code cf:} columns needs contact-service up at start (502
 * otherwise); imports without custom fields never call it.
 */
@Component
public class CustomFieldClient {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_PAGES = 20;

  private final WebClient client;
  private final String baseUrl;
  private final JsonMapper json;

  CustomFieldClient(JsonMapper json,
                    @Value("${platform.import.contact-service-url:http://localhost:8081}") String baseUrl) {
    this.client = ServiceClients.builder("contact-service").build();
    this.json = json;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  /** Definitions by key; a 502 problem when contact-service cannot be read. */
  public Mono<Map<String, CustomFieldDefinition>> definitions(String authorization) {
    return page(authorization, null, 0, new LinkedHashMap<>());
  }

  private Mono<Map<String, CustomFieldDefinition>> page(String authorization, String cursor, int pages,
                                                        Map<String, CustomFieldDefinition> found) {
    UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(baseUrl + "/v1/custom-fields")
        .queryParam("pageSize", 100);
    if (cursor != null) {
      uri.queryParam("cursor", cursor);
    }
    URI target = uri.build().encode().toUri();
    return client.get().uri(target)
        .headers(h -> {
          if (authorization != null) {
            h.set(HttpHeaders.AUTHORIZATION, authorization);
          }
        })
        .retrieve()
        .bodyToMono(String.class)
        .retryWhen(ServiceClients.transportRetry())
        .timeout(TIMEOUT)
        .onErrorMap(e -> Problems.of(HttpStatus.BAD_GATEWAY,
            "custom field definitions could not be read from contact-service (" + baseUrl + "): " + e.getMessage()))
        .flatMap(body -> {
          JsonNode root = json.readTree(body);
          JsonNode items = root.isArray() ? root : root.path("items");
          for (JsonNode item : items) {
            CustomFieldDefinition definition = definition(item);
            if (definition != null) {
              found.put(definition.key(), definition);
            }
          }
          String next = root.isObject() && root.hasNonNull("nextCursor") ? root.get("nextCursor").asString() : null;
          if (next == null || next.isBlank() || pages + 1 >= MAX_PAGES) {
            return Mono.just(found);
          }
          return page(authorization, next, pages + 1, found);
        });
  }

  static CustomFieldDefinition definition(JsonNode item) {
    String key = text(item, "key");
    if (key == null) {
      return null;
    }
    CustomFieldType type;
    try {
      type = CustomFieldType.valueOf(String.valueOf(text(item, "type")).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      type = CustomFieldType.TEXT;
    }
    List<String> allowed = new ArrayList<>();
    for (String name : List.of("allowedValues", "values", "options")) {
      if (item.path(name).isArray()) {
        item.path(name).forEach(v -> allowed.add(v.isObject() ? text(v, "value") : v.asString()));
        break;
      }
    }
    String defaultValue = text(item, "default") != null ? text(item, "default") : text(item, "defaultValue");
    return new CustomFieldDefinition(key, text(item, "label"), type, item.path("required").asBoolean(false),
        allowed, defaultValue);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.isValueNode() ? value.asString() : value.toString();
  }
}
