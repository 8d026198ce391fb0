package io.contactsplatform.contactservice;

import static io.contactsplatform.contactservice.ContactServiceHarness.condition;
import static io.contactsplatform.contactservice.ContactServiceHarness.freshWorkspace;
import static io.contactsplatform.contactservice.ContactServiceHarness.key;
import static io.contactsplatform.contactservice.ContactServiceHarness.randomPhone;
import static io.contactsplatform.contactservice.ContactServiceHarness.upsert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactsplatform.events.contact.result.ContactUpsertResult;
import io.contactsplatform.events.contact.result.UpsertOutcome;
import io.contactsplatform.events.contact.upsert.ContactUpsert;
import io.contactsplatform.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import reactor.core.publisher.Mono;

/**
 * Hostile and careless input to the contact API (issue "Hardening"): pathological free text,
 * NUL characters in filters and searches, over-long values on every path that writes contacts,
 * segments and custom fields, and an export that fails midway.
 */
interface BadInputScenarios extends ContactServiceHarness {

  String SEARCH = "/v1/contacts/search";

  @Test
  default void shouldRefuseAnOverlongSearchAtOnceNamingTheLimit() {
    Ws ws = freshWorkspace();
    contactId(ws.key(), Map.of("phone", randomPhone(), "firstName", "Ada"));

    // took 30.8 s before (a backtracking phone pattern); WebTestClient gives up after 5 s
    expectProblem(send(HttpMethod.POST, ws.key(), SEARCH, Map.of("search", "1".repeat(64_000) + "x", "pageSize", 1)),
        400, "search: at most 200 characters (got 64001)");
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/segments", Map.of("name", "long", "type", "DYNAMIC",
        "search", "a".repeat(201))), 400, "search: at most 200 characters");
  }

  @Test
  default void shouldAnswerMaxLengthPathologicalSearchesWithoutHoldingUpAConcurrentRead() throws Exception {
    Ws ws = freshWorkspace();
    String id = contactId(ws.key(), Map.of("phone", randomPhone(), "firstName", "Ada"));
    List<String> pathological = List.of("1".repeat(199) + "x", "1 ".repeat(100), "+" + "1".repeat(199),
        "(".repeat(199) + "x", "a".repeat(200), "1".repeat(100) + "-".repeat(99) + "x");
    ExecutorService pool = Executors.newFixedThreadPool(pathological.size() + 1);
    try {
      List<CompletableFuture<Long>> searches = new ArrayList<>();
      for (String text : pathological) {
        searches.add(CompletableFuture.supplyAsync(() -> ((Number) okJson(send(HttpMethod.POST, ws.key(), SEARCH,
            Map.of("search", text, "pageSize", 1))).get("total")).longValue(), pool));
      }
      CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> getContact(ws.key(), id)
          .returnResult().getResponseBodyContent() == null ? null : id, pool);

      // generous bound: the read must not wait for the searches (it waited 30 s before)
      assertThat(read.get(20, TimeUnit.SECONDS)).isEqualTo(id);
      for (CompletableFuture<Long> search : searches) {
        assertThat(search.get(20, TimeUnit.SECONDS)).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
  }

}
