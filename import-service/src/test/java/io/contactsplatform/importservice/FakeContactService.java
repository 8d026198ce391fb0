package io.contactsplatform.importservice;

import com.sun.net.httpserver.HttpServer;
import io.contactsplatform.testsupport.TestWorkspaces;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plays contact-service's {@code GET /v1/custom-fields} for the tests: workspace A (key A) has
 * {@code plan} (ENUM gold/silver), {@code score} (NUMBER) and the required {@code account_id}
 * (TEXT); any other key sees none. {@code POST /v1/contacts/search} answers, for key A, the
 * numbers of a {@code phone in [...]} filter that are in {@link #existingPhones}. Records every Authorization header it receives. Requests are
 * handled on a pool of their own, not on the JDK server's single dispatcher thread, so one stuck
 * keep-alive connection cannot stall every later request (one full build saw every read after some
 * point time out; the cause was not confirmed).
 */
final class FakeContactService {

  private static FakeContactService instance;

  private final HttpServer server;
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  /** Authorization headers of every contact search (the dry run's lookup of existing numbers). */
  final List<String> searches = new CopyOnWriteArrayList<>();
  /** E.164 numbers workspace A's contacts hold, for the dry run's lookup. */
  final Set<String> existingPhones = new CopyOnWriteArraySet<>();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private FakeContactService() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/custom-fields", exchange -> {
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      authorizations.add(String.valueOf(authorization));
      String body = ("Bearer " + TestWorkspaces.KEY_A).equals(authorization)
          ? "{\"items\":[{\"key\":\"plan\",\"label\":\"Plan\",\"type\":\"ENUM\",\"allowedValues\":[\"gold\",\"silver\"],"
          + "\"required\":false,\"owner\":\"sales\"},{\"key\":\"score\",\"label\":\"Lead score\",\"type\":\"NUMBER\","
          + "\"required\":false,\"owner\":\"sales\"},{\"key\":\"account_id\",\"label\":\"Account\",\"type\":\"TEXT\","
          + "\"required\":true,\"owner\":\"ops\"}],\"nextCursor\":null}"
          : "{\"items\":[],\"nextCursor\":null}";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.createContext("/v1/contacts/search", exchange -> {
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      searches.add(String.valueOf(authorization));
      JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
      StringBuilder items = new StringBuilder();
      if (("Bearer " + TestWorkspaces.KEY_A).equals(authorization)) {
        for (JsonNode condition : request.path("filter").path("all")) {
          if ("phone".equals(condition.path("field").asString())) {
            for (JsonNode phone : condition.path("value")) {
              if (existingPhones.contains(phone.asString())) {
                items.append(items.isEmpty() ? "" : ",").append("{\"phone\":\"").append(phone.asString()).append("\"}");
              }
            }
          }
        }
      }
      byte[] bytes = ("{\"items\":[" + items + "],\"nextCursor\":null}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.setExecutor(Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "fake-contact-service");
      thread.setDaemon(true);
      return thread;
    }));
    server.start();
  }

  static synchronized FakeContactService get() {
    if (instance == null) {
      try {
        instance = new FakeContactService();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }
}
