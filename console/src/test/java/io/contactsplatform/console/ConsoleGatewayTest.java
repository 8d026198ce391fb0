package io.contactsplatform.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The gateway against four stub upstreams (one tiny Netty server per service, each naming itself
 * and echoing what it received): path mapping, query and body, {@code Authorization} forwarded
 * unchanged, no trust added, unknown API paths answered 404 by the console without forwarding,
 * and client routes of the web app answered with {@code index.html}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@AutoConfigureWebTestClient
class ConsoleGatewayTest {

  /** One line per request an upstream received: {@code <service> <method> <uri> auth=<header>}. */
  private static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
  private static final DisposableServer CONTACTS = stub("contact-service");
  private static final DisposableServer IMPORTS = stub("import-service");
  private static final DisposableServer DNC = stub("dnc-service");
  private static final DisposableServer RESOLVER = stub("variable-resolver-service");

  @Autowired
  WebTestClient client;

  @DynamicPropertySource
  static void upstreams(DynamicPropertyRegistry registry) {
    registry.add("platform.console.upstreams.contacts", () -> url(CONTACTS));
    registry.add("platform.console.upstreams.imports", () -> url(IMPORTS));
    registry.add("platform.console.upstreams.dnc", () -> url(DNC));
    registry.add("platform.console.upstreams.resolver", () -> url(RESOLVER));
  }

  @AfterAll
  static void stopStubs() {
    List.of(CONTACTS, IMPORTS, DNC, RESOLVER).forEach(DisposableServer::disposeNow);
  }

  @BeforeEach
  void clear() {
    RECEIVED.clear();
  }

  @Test
  void shouldStripThePrefixAndForwardAuthorizationToEachService() {
    expectForwarded("/api/contacts/v1/contacts?pageSize=5", "contact-service GET /v1/contacts?pageSize=5 auth=Bearer demo-key");
    expectForwarded("/api/imports/v1/imports/abc", "import-service GET /v1/imports/abc auth=Bearer demo-key");
    expectForwarded("/api/dnc/v1/dnc/check?phone=4155550132", "dnc-service GET /v1/dnc/check?phone=4155550132 auth=Bearer demo-key");
    expectForwarded("/api/resolver/v1/campaigns", "variable-resolver-service GET /v1/campaigns auth=Bearer demo-key");
  }

  @Test
  void shouldForwardMethodAndBodyUnchanged() {
    client.post().uri("/api/contacts/v1/contacts/search")
        .header(HttpHeaders.AUTHORIZATION, "Bearer demo2-key")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"search\":\"ada\"}")
        .exchange()
        .expectStatus().isOk()
        .expectBody(String.class).isEqualTo("contact-service POST /v1/contacts/search auth=Bearer demo2-key body={\"search\":\"ada\"}");
  }

  @Test
  void shouldAddNoCredentialsOfItsOwn() {
    client.get().uri("/api/contacts/v1/contacts").exchange()
        .expectStatus().isOk()
        .expectBody(String.class).isEqualTo("contact-service GET /v1/contacts auth=none body=");
  }

  @Test
  void shouldAnswerUnknownApiPathsWithoutForwarding() {
    client.get().uri("/api/unknown/v1/contacts").header(HttpHeaders.AUTHORIZATION, "Bearer demo-key")
        .exchange().expectStatus().isNotFound();
    client.get().uri("/api").exchange().expectStatus().isNotFound();
    client.get().uri("/v1/contacts").header(HttpHeaders.AUTHORIZATION, "Bearer demo-key")
        .exchange().expectStatus().isOk()
        .expectBody(String.class).value(body -> assertThat(body).contains("<div id=\"root\">"));
    assertThat(RECEIVED).isEmpty();
  }

  @Test
  void shouldServeTheWebAppForClientRoutes() {
    for (String route : List.of("/", "/contacts", "/contacts/5f0c9d3e-1", "/segments")) {
      client.get().uri(route).accept(MediaType.TEXT_HTML).exchange()
          .expectStatus().isOk()
          .expectBody(String.class).value(body -> assertThat(body).contains("<div id=\"root\">"));
    }
    client.get().uri("/assets/missing.js").exchange().expectStatus().isNotFound();
    // health is on the management port only
    client.get().uri("/actuator/health").exchange().expectStatus().isNotFound();
  }

  private void expectForwarded(String uri, String upstreamSaw) {
    client.get().uri(uri).header(HttpHeaders.AUTHORIZATION, "Bearer demo-key")
        .exchange()
        .expectStatus().isOk()
        .expectBody(String.class).isEqualTo(upstreamSaw + " body=");
    assertThat(RECEIVED).containsExactly(upstreamSaw);
    RECEIVED.clear();
  }

  private static String url(DisposableServer server) {
    return "http://127.0.0.1:" + server.port();
  }

  private static DisposableServer stub(String name) {
    return HttpServer.create().host("127.0.0.1").port(0)
        .handle((request, response) -> request.receive().aggregate().asString().defaultIfEmpty("")
            .flatMap(body -> {
              String auth = request.requestHeaders().get(HttpHeaders.AUTHORIZATION);
              String line = name + " " + request.method().name() + " " + request.uri() + " auth="
                  + (auth == null ? "none" : auth);
              RECEIVED.add(line);
              return response.sendString(Mono.just(line + " body=" + body)).then();
            }))
        .bindNow();
  }
}
