package io.contactsplatform.support.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

class ServiceClientsTest {

  private ServerSocket server;
  private final AtomicInteger connections = new AtomicInteger();
  private volatile int dropFirst;
  private volatile int status = 200;

  @BeforeEach
  void start() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket socket = server.accept()) {
          readRequestHead(socket.getInputStream());
          if (connections.incrementAndGet() <= dropFirst) {
            continue;
          }
          byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
          OutputStream out = socket.getOutputStream();
          out.write(("HTTP/1.1 " + status + " X\r\nContent-Length: " + body.length
              + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(body);
          out.flush();
        } catch (IOException ignored) {
          // server closed
        }
      }
    }, "peer-that-drops-connections");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  @Test
  void shouldRetryGetWhosePooledConnectionWasClosedBeforeAnyResponse() {
    dropFirst = 1;

    String body = get(ServiceClients.builder("test").build(), true);

    assertThat(body).isEqualTo("ok");
    assertThat(connections).hasValue(2);
  }

  @Test
  void shouldFailWithTheTransportErrorWhenThePeerKeepsDroppingConnections() {
    dropFirst = Integer.MAX_VALUE;

    assertThatThrownBy(() -> get(ServiceClients.builder("test").build(), true))
        .isInstanceOf(WebClientRequestException.class);
    assertThat(connections).hasValue(3);
  }

  @Test
  void shouldNotRetryAnHttpErrorAnswer() {
    status = 503;

    assertThatThrownBy(() -> get(ServiceClients.builder("test").build(), true))
        .isInstanceOf(WebClientResponseException.ServiceUnavailable.class);
    assertThat(connections).hasValue(1);
  }

  @Test
  void shouldSurfaceTheDroppedConnectionWithoutTheRetry() {
    dropFirst = 1;

    assertThatThrownBy(() -> get(ServiceClients.builder("test").build(), false))
        .isInstanceOf(WebClientRequestException.class);
  }

  private String get(WebClient client, boolean retry) {
    var answer = client.get().uri("http://127.0.0.1:" + server.getLocalPort() + "/x")
        .retrieve().bodyToMono(String.class);
    return (retry ? answer.retryWhen(ServiceClients.transportRetry()) : answer).block(Duration.ofSeconds(10));
  }

  private static void readRequestHead(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    int b;
    while (matched < end.length && (b = in.read()) != -1) {
      matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
    }
  }
}
