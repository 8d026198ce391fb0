package io.contactsplatform.resolver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.contactsplatform.testsupport.TestWorkspaces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A stand-in for contact-service's REST, one per JVM: {@code GET /v1/custom-fields} and
 * {@code GET /v1/segments/{id}/contacts} (cursor paging) answering per API key, so the resolver's
 * only REST coupling is tested without the real service. Workspace A defines the custom fields
 * {@code plan}, {@code seats} and {@code account_manager}; B defines none.
 */
final class FakeContactService {

  static final List<String> CUSTOM_FIELDS_A = List.of("plan", "seats", "account_manager");

  private static FakeContactService instance;

  private final HttpServer server;
  private final Map<String, List<String>> segments = new ConcurrentHashMap<>();
  final AtomicInteger segmentPagesServed = new AtomicInteger();

  private FakeContactService(HttpServer server) {
    this.server = server;
  }

  static synchronized FakeContactService get() {
    if (instance == null) {
      try {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        instance = new FakeContactService(server);
        server.createContext("/v1/", instance::handle);
        server.start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Makes {@code segmentId} exist in {@code workspace} with these members. */
  void segment(String workspace, String segmentId, List<String> contactIds) {
    segments.put(workspace + "|" + segmentId, List.copyOf(contactIds));
  }

  private void handle(HttpExchange exchange) throws IOException {
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    String workspace = ("Bearer " + TestWorkspaces.KEY_A).equals(auth) ? TestWorkspaces.WORKSPACE_A
        : ("Bearer " + TestWorkspaces.KEY_B).equals(auth) ? TestWorkspaces.WORKSPACE_B : null;
    String path = exchange.getRequestURI().getPath();
    if (workspace == null) {
      respond(exchange, 401, "{\"status\":401}");
    } else if (path.equals("/v1/custom-fields")) {
      List<String> keys = TestWorkspaces.WORKSPACE_A.equals(workspace) ? CUSTOM_FIELDS_A : List.of();
      respond(exchange, 200, "{\"items\":[" + keys.stream().map(k -> "{\"key\":\"" + k + "\",\"type\":\"TEXT\"}")
          .collect(Collectors.joining(",")) + "],\"nextCursor\":null}");
    } else if (path.startsWith("/v1/segments/") && path.endsWith("/contacts")) {
      String id = path.substring("/v1/segments/".length(), path.length() - "/contacts".length());
      List<String> members = segments.get(workspace + "|" + id);
      if (members == null) {
        respond(exchange, 404, "{\"status\":404}");
        return;
      }
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      int size = Integer.parseInt(query.getOrDefault("pageSize", "50"));
      int from = Integer.parseInt(query.getOrDefault("cursor", "0"));
      int to = Math.min(members.size(), from + size);
      segmentPagesServed.incrementAndGet();
      respond(exchange, 200, "{\"items\":[" + members.subList(from, to).stream()
          .map(m -> "{\"id\":\"" + m + "\"}").collect(Collectors.joining(",")) + "],\"nextCursor\":"
          + (to < members.size() ? "\"" + to + "\"" : "null") + "}");
    } else {
      respond(exchange, 404, "{\"status\":404}");
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new ConcurrentHashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        String[] kv = pair.split("=", 2);
        query.put(kv[0], kv.length > 1 ? kv[1] : "");
      }
    }
    return query;
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
