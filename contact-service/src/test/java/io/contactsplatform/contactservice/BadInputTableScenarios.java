package io.contactsplatform.contactservice;

import static io.contactsplatform.contactservice.ContactServiceHarness.condition;
import static io.contactsplatform.contactservice.ContactServiceHarness.freshWorkspace;
import static io.contactsplatform.contactservice.ContactServiceHarness.randomPhone;
import static org.assertj.core.api.Assertions.assertThat;

import io.contactsplatform.testsupport.badinput.BadInputTable;
import io.contactsplatform.testsupport.badinput.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bad-input table over every operation of contact-service's committed OpenAPI description
 * ({@link BadInputTable}), in a workspace of its own holding a contact, a custom field and a
 * segment; and a 64,000-character pathological search that must not hold up a concurrent read.
 */
interface BadInputTableScenarios extends ContactServiceHarness {

  @Test
  default void shouldAnswerEveryBadInputToEveryEndpointWithAProblemAndChangeNothing() {
    Ws ws = freshWorkspace();
    createField(ws.key(), Map.of("key", "note", "type", "TEXT", "owner", "ops"));
    String contact = contactId(ws.key(), Map.of("phone", randomPhone(), "firstName", "Ada", "company", "Engines"));
    String segment = okJson(send(HttpMethod.POST, ws.key(), "/v1/segments", Map.of("name", "Engines",
        "type", "DYNAMIC", "filter", condition("company", "eq", "Engines")))).get("id").toString();

    Map<String, Object> newContact = new LinkedHashMap<>();
    newContact.put("phone", randomPhone());
    newContact.put("phoneExtension", "12");
    newContact.put("externalId", "crm-1");
    newContact.put("firstName", "Grace");
    newContact.put("lastName", "Hopper");
    newContact.put("email", "grace@example.com");
    newContact.put("company", "Navy");
    newContact.put("country", "US");
    newContact.put("timezone", "America/New_York");
    newContact.put("tags", List.of("vip"));
    newContact.put("doNotCall", false);
    newContact.put("customFields", Map.of("note", "hello"));

    BadInputTable.forService("contact-service")
        .port(port()).managementPort(managementPort()).apiKey(ws.key())
        .paths(path -> !path.startsWith("/v1/admin/"))
        .maxBodyBytes(1 << 20)
        .pathValues((template, name) -> switch (template + " " + name) {
          case "/v1/custom-fields/{key} key" -> "note";
          case "/v1/contacts/bulk/{id} id" -> UUID.randomUUID().toString();
          default -> template.startsWith("/v1/segments/") ? segment : template.startsWith("/v1/contacts/") ? contact : null;
        })
        .body("createContact", newContact)
        .body("updateContact", Map.of("firstName", "Ada", "company", "Engines", "cf:note", "x", "tags", List.of("a")))
        .body("searchContacts", Map.of("filter", Map.of("all", List.of(condition("company", "contains", "eng"))),
            "search", "ada", "sort", "lastName", "pageSize", 10))
        .body("submitBulkAction", Map.of("selection", Map.of("ids", List.of(contact)), "action", "ADD_TAGS",
            "params", Map.of("tags", List.of("vip"))))
        .body("createCustomField", Map.of("key", "plan", "label", "Plan", "type", "ENUM",
            "allowedValues", List.of("gold"), "owner", "ops", "description", "d", "required", false, "default", "gold"))
        .body("updateCustomField", Map.of("label", "Note", "description", "d", "owner", "ops"))
        .body("createSegment", Map.of("name", "Static", "description", "d", "type", "STATIC",
            "contactIds", List.of(contact)))
        .body("updateSegment", Map.of("name", "Engines", "description", "d",
            "filter", condition("company", "eq", "Engines"), "search", "ada"))
        .body("snapshotSegment", Map.of("name", "snap"))
        .snapshot("/v1/contacts?pageSize=500")
        .snapshot("/v1/contacts/" + contact + "/history")
        .snapshot("/v1/segments?pageSize=500")
        .snapshot("/v1/custom-fields")
        .run();
  }

  @Test
  default void shouldAnswerEveryBadInputToTheAdminApiWithAProblemAndChangeNothing() {
    String ws = "ws-badin-" + UUID.randomUUID().toString().substring(0, 8);
    send(HttpMethod.POST, AdminKeyScenarios.ADMIN_KEY, "/v1/admin/workspaces", Map.of("id", ws))
        .expectStatus().isCreated();
    String keyId = okJson(send(HttpMethod.POST, AdminKeyScenarios.ADMIN_KEY, "/v1/admin/workspaces/" + ws + "/keys",
        Map.of("name", "dialer"))).get("keyId").toString();

    BadInputTable.forService("contact-service")
        .port(port()).managementPort(managementPort()).apiKey(AdminKeyScenarios.ADMIN_KEY)
        .paths(path -> path.startsWith("/v1/admin/"))
        .maxBodyBytes(1 << 20)
        .pathValues((template, name) -> switch (name) {
          case "workspaceId" -> ws;
          case "keyId" -> keyId;
          default -> null;
        })
        .body("adminCreateWorkspace", Map.of("id", "ws-never-" + UUID.randomUUID().toString().substring(0, 8)))
        .body("adminCreateApiKey", Map.of("name", "crm"))
        .snapshot("/v1/admin/workspaces?pageSize=500")
        .snapshot("/v1/admin/workspaces/" + ws + "/keys")
        .run();
  }

  /**
   * A 64,000-character pathological search (and the longest accepted ones, evaluated over every
   * contact) running concurrently with a read of one contact: the read must not wait for them. The
   * read's time is compared with the searches' time (a ratio), not with a fixed bound.
   */
  @Test
  default void shouldNotMakeAConcurrentReadWaitForAPathologicalSearch() throws Exception {
    Ws ws = freshWorkspace();
    String id = contactId(ws.key(), Map.of("phone", randomPhone(), "firstName", "Ada"));
    JsonMapper json = JsonMapper.builder().build();
    for (int i = 0; i < 20; i++) {
      assertThat(RawHttp.send(port(), "POST", "/v1/contacts", Map.of("Authorization", "Bearer " + ws.key(),
          "Content-Type", "application/json"), json.writeValueAsBytes(Map.of("phone", randomPhone(),
          "firstName", "Contact " + i, "company", "1".repeat(150)))).status()).isEqualTo(201);
    }
    List<String> texts = List.of("1".repeat(64_000) + "x", "1".repeat(199) + "x", "1 ".repeat(100), "(".repeat(199) + "x",
        "1".repeat(100) + "-".repeat(99) + "x");
    Map<String, String> headers = Map.of("Authorization", "Bearer " + ws.key(), "Content-Type", "application/json");
    int rounds = 3;
    ExecutorService pool = Executors.newFixedThreadPool(texts.size() * rounds + 1);
    try {
      long start = System.nanoTime();
      List<CompletableFuture<RawHttp.Response>> searches = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        for (String text : texts) {
          byte[] body = json.writeValueAsString(Map.of("search", text, "pageSize", 1)).getBytes(StandardCharsets.UTF_8);
          searches.add(CompletableFuture.supplyAsync(() -> RawHttp.send(port(), "POST", "/v1/contacts/search",
              headers, body), pool));
        }
      }
      RawHttp.Response read = CompletableFuture.supplyAsync(() -> RawHttp.send(port(), "GET", "/v1/contacts/" + id,
          Map.of("Authorization", "Bearer " + ws.key()), null), pool).get(30, TimeUnit.SECONDS);
      long readDone = System.nanoTime() - start;
      CompletableFuture.allOf(searches.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      long searchesDone = System.nanoTime() - start;

      assertThat(read.status()).isEqualTo(200);
      assertThat(read.text()).contains(id);
      assertThat(searches.get(0).get().status()).as("64,000 characters are refused").isEqualTo(400);
      assertThat(searches.get(0).get().text()).contains("search: at most 200 characters (got 64001)");
      for (CompletableFuture<RawHttp.Response> search : searches.subList(1, texts.size())) {
        assertThat(search.get().status()).isEqualTo(200);
      }
      System.out.printf("pathological searches: read done after %d ms, searches after %d ms (ratio %.2f)%n",
          readDone / 1_000_000, searchesDone / 1_000_000, (double) readDone / searchesDone);
      // the read, sent after the searches, is answered before they all are: it did not wait for them
      // (it shares the two cores with them, so it is not free either); it waited 30 s behind one such
      // search before the search was capped
      assertThat((double) readDone / searchesDone).as("the read's time / the searches' time").isLessThan(1.0);
    } finally {
      pool.shutdownNow();
    }
  }
}
