package io.contactsplatform.importservice.contacts;

import io.contactsplatform.importservice.Problems;
import io.contactsplatform.support.web.ServiceClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks contact-service which of a list of E.164 numbers already belong to a contact of the
 * caller's workspace (ACTIVE or ARCHIVED: an upsert updates those; an erased contact's number is
 * free), for an import's dry run. Uses {@code POST /v1/contacts/search} with a
 * {@code phone in [...]} filter, {@value #BATCH} numbers per request, one request at a time,
 * passing on the caller's own {@code Authorization} header (contact-service scopes the answer).
 * Any failure is a 502 problem naming contact-service.
 *
 * <p>Known limit: contact-service has no secondary indexes on the embedded store, so each request
 * scans the workspace's contacts (about 2.5 s at a million contacts); callers cap how many numbers
 * they ask about.
 */
@Component
public class ExistingContactsClient {

  static final int BATCH = 500;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final WebClient client;
  private final String baseUrl;
  private final JsonMapper json;

  ExistingContactsClient(JsonMapper json,
                         @Value("${platform.import.contact-service-url:http://localhost:8081}") String baseUrl) {
    this.client = ServiceClients.builder("contact-service").build();
    this.json = json;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  /** Those of {@code phones} (E.164) that a contact of the workspace holds; 502 when contact-service cannot answer. */
  public Mono<Set<String>> existing(String authorization, List<String> phones) {
    List<List<String>> batches = new ArrayList<>();
    for (int i = 0; i < phones.size(); i += BATCH) {
      batches.add(phones.subList(i, Math.min(phones.size(), i + BATCH)));
    }
    return Flux.fromIterable(batches)
        .concatMap(batch -> search(authorization, batch))
        .collect(HashSet<String>::new, Set::addAll)
        .map(Set::copyOf);
  }

  private Mono<Set<String>> search(String authorization, List<String> batch) {
    Map<String, Object> body = Map.of(
        "filter", Map.of("all", List.of(
            Map.of("field", "phone", "op", "in", "value", batch),
            Map.of("field", "status", "op", "in", "value", List.of("ACTIVE", "ARCHIVED")))),
        "pageSize", BATCH);
    return client.post().uri(baseUrl + "/v1/contacts/search")
        .headers(h -> {
          if (authorization != null) {
            h.set(HttpHeaders.AUTHORIZATION, authorization);
          }
        })
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(json.writeValueAsString(body))
        .retrieve()
        .bodyToMono(String.class)
        .retryWhen(ServiceClients.transportRetry())
        .timeout(TIMEOUT)
        .onErrorMap(e -> Problems.of(HttpStatus.BAD_GATEWAY,
            "existing contacts could not be looked up in contact-service (" + baseUrl + "): " + e.getMessage()
                + "; retry, or run the dry run with lookupExisting=false"))
        .map(text -> {
          Set<String> found = new HashSet<>();
          JsonNode root = json.readTree(text);
          for (JsonNode item : root.path("items")) {
            JsonNode phone = item.get("phone");
            if (phone != null && phone.isString()) {
              found.add(phone.asString());
            }
          }
          return found;
        });
  }
}
