package io.contactsplatform.testsupport;

import java.time.Duration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

/**
 * HTTP test clients for a service started on a random port. {@link #newConnectionPerRequest} opens
 * a connection per request: a service that answers early (413, or 422 before the whole upload is
 * read) closes that connection, and a pooled client could reuse it before noticing ("Connection
 * has been closed BEFORE response").
 */
public final class TestClients {

  private TestClients() {
  }

  /** 30 s response timeout; bodies up to 16 MB in memory. */
  public static WebTestClient newConnectionPerRequest(int port) {
    return WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
        .baseUrl("http://localhost:" + port)
        .responseTimeout(Duration.ofSeconds(30))
        .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
        .build();
  }
}
