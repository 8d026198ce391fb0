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

  @Test
  default void shouldRefuseOverlongContactValuesNamingFieldAndLimit() {
    Ws ws = freshWorkspace();
    createField(ws.key(), Map.of("key", "notes", "type", "TEXT", "owner", "ops"));
    Map<String, Object> overlong = new LinkedHashMap<>();
    overlong.put("firstName", "f".repeat(101));
    overlong.put("lastName", "l".repeat(101));
    overlong.put("company", "c".repeat(201));
    overlong.put("email", "e".repeat(250) + "@x.io");
    overlong.put("externalId", "x".repeat(129));
    overlong.put("phoneExtension", "1".repeat(21));
    overlong.put("country", "U".repeat(100_000));
    overlong.put("timezone", "Z".repeat(65));
    overlong.forEach((field, value) -> expectProblem(send(HttpMethod.POST, ws.key(), "/v1/contacts",
        Map.of("phone", randomPhone(), field, value)), 422, field + ": at most "));
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/contacts", Map.of("phone", "1".repeat(100_000))), 422,
        "phone: at most 64 characters (got 100000)");
    expectProblem(http().get().uri(u -> u.path("/v1/contacts").queryParam("phone", "{p}").build("1".repeat(1000)))
        .header("Authorization", "Bearer " + ws.key()).exchange(), 400, "phone: at most 64 characters (got 1000)");
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/contacts", Map.of("phone", randomPhone(),
        "tags", Collections.nCopies(51, "t").stream().map(t -> t + UUID.randomUUID()).toList())), 422,
        "tags: at most 50 tags per contact (got 51)");
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/contacts", Map.of("phone", randomPhone(),
        "tags", List.of("t".repeat(65)))), 422, "tags: a tag has at most 64 characters (got 65)");
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/contacts", Map.of("phone", randomPhone(),
        "customFields", Map.of("notes", "n".repeat(1001)))), 422, "cf:notes: at most 1000 characters (got 1001)");

    String id = contactId(ws.key(), Map.of("phone", randomPhone(), "firstName", "f".repeat(100),
        "company", "c".repeat(200), "customFields", Map.of("notes", "n".repeat(1000))));
    expectProblem(send(HttpMethod.PATCH, ws.key(), "/v1/contacts/" + id, Map.of("lastName", "l".repeat(101))), 422,
        "lastName: at most 100 characters (got 101)");
    expectProblem(send(HttpMethod.PATCH, ws.key(), "/v1/contacts/" + id, Map.of("cf:notes", "n".repeat(1001))), 422,
        "cf:notes: at most 1000 characters");
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/contacts/bulk", Map.of("action", "SET_FIELDS",
        "selection", Map.of("ids", List.of(id)), "params", Map.of("fields", Map.of("company", "c".repeat(201))))),
        422, "params.fields.company: at most 200 characters");
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/contacts/bulk", Map.of("action", "ADD_TAGS",
        "selection", Map.of("ids", List.of(id)), "params", Map.of("tags", List.of("t".repeat(65))))),
        422, "params.tags: a tag has at most 64 characters");
    getContact(ws.key(), id).jsonPath("$.version").isEqualTo(1);
  }

  @Test
  default void shouldRefuseOverlongSegmentAndCustomFieldTextsNamingFieldAndLimit() {
    Ws ws = freshWorkspace();
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/segments", Map.of("name", "n".repeat(101), "type", "DYNAMIC")),
        422, "name: at most 100 characters (got 101)");
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/segments", Map.of("name", "ok", "type", "DYNAMIC",
        "description", "d".repeat(1001))), 422, "description: at most 1000 characters (got 1001)");
    String segment = okJson(send(HttpMethod.POST, ws.key(), "/v1/segments", Map.of("name", "n".repeat(100),
        "type", "DYNAMIC", "description", "d".repeat(1000)))).get("id").toString();
    expectProblem(send(HttpMethod.PATCH, ws.key(), "/v1/segments/" + segment, Map.of("name", "n".repeat(100_000))),
        422, "name: at most 100 characters (got 100000)");

    Map<String, Object> field = Map.of("key", "plan", "type", "ENUM", "allowedValues", List.of("gold"), "owner", "ops");
    for (Map.Entry<String, Object> overlong : Map.<String, Object>of("label", "l".repeat(101),
        "owner", "o".repeat(101), "description", "d".repeat(1001)).entrySet()) {
      Map<String, Object> body = new LinkedHashMap<>(field);
      body.put(overlong.getKey(), overlong.getValue());
      expectProblem(send(HttpMethod.POST, ws.key(), "/v1/custom-fields", body), 422, overlong.getKey() + ": at most ");
    }
    Map<String, Object> longValue = new LinkedHashMap<>(field);
    longValue.put("allowedValues", List.of("v".repeat(101)));
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/custom-fields", longValue), 422,
        "allowedValues: a value has at most 100 characters");
    expectProblem(send(HttpMethod.POST, ws.key(), "/v1/custom-fields", Map.of("key", "k".repeat(65), "type", "TEXT",
        "owner", "ops")), 422, "key: required, snake_case");
    createField(ws.key(), field);
    expectProblem(send(HttpMethod.PATCH, ws.key(), "/v1/custom-fields/plan", Map.of("owner", "o".repeat(101))), 422,
        "owner: at most 100 characters (got 101)");
  }

  @Test
  default void shouldRejectOnlyTheUpsertWithAnOverlongValueAsValueTooLongNamingTheField() {
    Ws ws = freshWorkspace();
    createField(ws.key(), Map.of("key", "notes", "type", "TEXT", "owner", "ops"));
    ContactUpsert longName = upsert(ws.id(), randomPhone(), "n".repeat(200_000));
    ContactUpsert longNotes = upsert(ws.id(), randomPhone(), "Notes");
    longNotes.getContact().setCustomFields(Map.of("notes", "x".repeat(1001)));
    ContactUpsert manyTags = upsert(ws.id(), randomPhone(), "Tags");
    manyTags.getContact().setTags(new ArrayList<>(Collections.nCopies(51, "t").stream()
        .map(t -> t + UUID.randomUUID()).toList()));
    ContactUpsert good = upsert(ws.id(), randomPhone(), "Good");

    for (ContactUpsert u : List.of(longName, longNotes, manyTags, good)) {
      bus().send(Topics.CONTACT_UPSERTS, key(u), u);
    }

    Map<ContactUpsert, String> expected = Map.of(longName, "firstName: at most 100 characters (got 200000)",
        longNotes, "cf:notes: at most 1000 characters (got 1001)", manyTags, "tags: at most 50 tags per contact");
    expected.forEach((upsert, reason) -> {
      ContactUpsertResult result = resultFor(upsert);
      assertThat(result.getOutcome()).isEqualTo(UpsertOutcome.REJECTED);
      assertThat(result.getReasonCode()).isEqualTo("VALUE_TOO_LONG");
      assertThat(result.getReason()).startsWith(reason);
    });
    assertThat(resultFor(good).getOutcome()).isEqualTo(UpsertOutcome.CREATED);
  }
}
