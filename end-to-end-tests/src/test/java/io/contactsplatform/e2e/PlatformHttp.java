package io.contactsplatform.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/** Minimal JSON-over-HTTP client for the end-to-end tests (JDK HttpClient, Bearer API key). */
final class PlatformHttp {

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String apiKey;

  PlatformHttp(String apiKey) {
    this.apiKey = apiKey;
  }

  Response get(String url) {
    return send(request(url).GET().build());
  }

  Response post(String url, String json) {
    return send(request(url).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  Response put(String url, String json) {
    return send(request(url).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  /** multipart/form-data with a CSV {@code file} part and a JSON {@code options} part. */
  Response postCsv(String url, String fileName, String csv, String optionsJson) {
    String boundary = "----e2e" + UUID.randomUUID();
    String body = "--" + boundary + "\r\n"
        + "Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
        + "Content-Type: text/csv\r\n\r\n" + csv + "\r\n"
        + "--" + boundary + "\r\n"
        + "Content-Disposition: form-data; name=\"options\"\r\n"
        + "Content-Type: application/json\r\n\r\n" + optionsJson + "\r\n"
        + "--" + boundary + "--\r\n";
    return send(request(url).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
  }

  private HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + apiKey);
  }

  private Response send(HttpRequest request) {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  record Response(int status, String body) {
  }
}
