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

  @Test
  default void shouldRefuseANulCharacterInEveryFilterValueAndSearchNamingThePath() {
    Ws ws = freshWorkspace();
    String nul = "a\u0000b";
    for (String op : List.of("eq", "contains", "starts_with", "neq")) {
      expectProblem(send(HttpMethod.POST, ws.key(), SEARCH,
          Map.of("filter", Map.of("all", List.of(condition("company", op, nul))))), 400,
          "filter.all[0].value: contains a NUL character");
    }
    expectProblem(send(HttpMethod.POST, ws.key(), SEARCH, Map.of("filter", condition("firstName", "in",
        List.of("ok", nul)))), 400, "filter.value[1]: contains a NUL character");
    expectProblem(send(HttpMethod.POST, ws.key(), SEARCH, Map.of("search", "1\u00002")), 400,
        "search: contains a NUL character");
    expectProblem(send(HttpMethod.POST, ws.key(), SEARCH, Map.of("filter", condition("company", "contains",
        "x".repeat(1001)))), 400, "filter.value: at most 1000 characters");

    // segments: refused on save, so a stored filter always stays evaluable
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/segments", Map.of("name", "nul", "type", "DYNAMIC",
        "filter", condition("company", "contains", nul))), 400, "filter.value: contains a NUL character");
    String segment = okJson(send(HttpMethod.POST, ws.key(), "/v1/segments", Map.of("name", "fine", "type", "DYNAMIC",
        "filter", condition("company", "contains", "acme")))).get("id").toString();
    expectProblem(send(HttpMethod.PATCH, ws.key(), "/v1/segments/" + segment, Map.of("search", "x\u0000")), 400,
        "search: contains a NUL character");
    okJson(send(HttpMethod.GET, ws.key(), "/v1/segments/" + segment + "/count", null));

    // bulk actions and export compile the same way
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/contacts/bulk", Map.of("action", "ARCHIVE",
        "selection", Map.of("filter", condition("company", "starts_with", nul)))), 400,
        "selection.filter.value: contains a NUL character");
    expectProblem(http().get().uri(u -> u.path("/v1/contacts/export").queryParam("search", "{s}").build("1\u00002"))
        .header("Authorization", "Bearer " + ws.key()).exchange(), 400, "search: contains a NUL character");
  }

  @Test
  default void shouldEndAnExportThatFailsMidwayWithAMarkerAndAnAbortedTransfer() throws Exception {
    Ws ws = freshWorkspace();
    contactId(ws.key(), Map.of("phone", randomPhone(), "firstName", "Readable"));
    // a stored contact the export cannot read (written by hand: the API would never store it)
    Mono.from(database().getCollection("contacts").insertOne(new Document("_id", UUID.randomUUID().toString())
        .append("workspaceId", ws.id()).append("status", "ACTIVE").append("phoneE164", randomPhone())
        .append("firstName", 42))).block();

    HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + port() + "/v1/contacts/export"))
        .header("Authorization", "Bearer " + ws.key()).build(), HttpResponse.BodyHandlers.ofInputStream());

    assertThat(response.statusCode()).isEqualTo(200);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    try (InputStream body = response.body()) {
      assertThatThrownBy(() -> copy(body, received)).as("the transfer is aborted, not ended cleanly")
          .isInstanceOf(IOException.class);
    }
    String csv = received.toString(StandardCharsets.UTF_8);
    assertThat(csv).startsWith("id,phone,");
    assertThat(csv.strip().lines().reduce((a, b) -> b).orElseThrow())
        .startsWith("#EXPORT FAILED: the export failed after").contains("this file is incomplete");
  }

  /** Copies byte by byte so that what arrived before a failure is kept. */
  private static void copy(InputStream in, ByteArrayOutputStream out) throws IOException {
    byte[] buffer = new byte[256];
    int n;
    while ((n = in.read(buffer)) != -1) {
      out.write(buffer, 0, n);
    }
  }

}
