package io.contactsplatform.importservice;

import com.sun.net.httpserver.HttpServer;
import io.contactsplatform.testsupport.TestWorkspaces;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * Plays contact-service's {@code GET /v1/custom-fields} for the tests: workspace A (key A) has
 * {@code plan} (ENUM gold/silver), {@code score} (NUMBER) and the required {@code account_id}
 * (TEXT); any other key sees none. Records every Authorization header it receives. Requests are
 * handled on a pool of their own, not on the JDK server's single dispatcher thread, so one stuck
 * keep-alive connection cannot stall every later request (one full build saw every read after some
 * point time out; the cause was not confirmed).
 */
final class FakeContactService {

  private static FakeContactService instance;

  private final HttpServer server;
  final List<String> authorizations = new CopyOnWriteArrayList<>();

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
