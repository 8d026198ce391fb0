package io.contactsplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * The soak suite's import and contact-count helpers against one stack's import-service and
 * contact-service, workspace {@code demo}: a CSV of {@code rows} distinct valid US numbers
 * ({@code +1415} followed by {@code first + i}, seven digits, so {@code first} must be in 2,000,000..9,999,999
 * minus the rows), started with a tag of its own so a scenario can count its contacts in a shared
 * workspace; job polling; counts read from the job and from a tag search.
 */
final class SoakImports {

  private final PlatformHttp demo = new PlatformHttp("demo-key");
  private final String imports;
  private final String contacts;

  SoakImports(String importServiceUrl, String contactServiceUrl) {
    this.imports = importServiceUrl;
    this.contacts = contactServiceUrl;
  }

  /** {@code phone,first_name,Plan} rows: {@code +1415<first + i>}, {@code Soak<i>}, {@code gold}. */
  static String csv(int first, int rows) {
    StringBuilder csv = new StringBuilder(rows * 32).append("phone,first_name,Plan\n");
    for (int i = 0; i < rows; i++) {
      csv.append("+1415").append(first + i).append(",Soak").append(i).append(",gold\n");
    }
    return csv.toString();
  }

  static String phone(int first, int i) {
    return "+1415" + (first + i);
  }

  /** Starts an import of {@link #csv} tagged {@code tag} (and for {@code campaignId}, when not null); returns the job path. */
  String start(int first, int rows, String tag, String campaignId) {
    String options = "{\"mapping\":{\"phone\":\"phone\",\"first_name\":\"first_name\",\"Plan\":\"skip\"},\"tags\":[\"" + tag
        + "\"]" + (campaignId == null ? "" : ",\"campaignId\":\"" + campaignId + "\"") + "}";
    PlatformHttp.Response started = demo.postCsv(imports + "/v1/imports", tag + ".csv", csv(first, rows), options);
    assertThat(started.status()).as(started.body()).isEqualTo(202);
    return "/v1/imports/" + JsonPath.read(started.body(), "$.importId");
  }

  String job(String path) {
    PlatformHttp.Response response = demo.get(imports + path);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  static long done(String job) {
    return count(job, "$.doneRows");
  }

  static long count(String json, String path) {
    return ((Number) JsonPath.read(json, path)).longValue();
  }

  static String status(String job) {
    return JsonPath.read(job, "$.status");
  }

  static boolean finished(String job) {
    return !"RUNNING".equals(status(job)) && !"QUEUED".equals(status(job));
  }

  /** Polls the job every 100 ms until {@code condition} holds; fails after {@code timeout} with the last answer. */
  String await(String path, Predicate<String> condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String body = job(path);
    while (!condition.test(body)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("import not there after " + timeout + ": " + body);
      }
      Thread.sleep(100);
      body = job(path);
    }
    return body;
  }

  /** Active contacts of the workspace carrying {@code tag} (optionally also DNC-blocked workspace-wide now). */
  long contactsTagged(String tag, boolean dncBlockedOnly) {
    String filter = "{\"field\":\"tags\",\"op\":\"eq\",\"value\":\"" + tag + "\"}";
    if (dncBlockedOnly) {
      filter = "{\"all\":[" + filter + ",{\"field\":\"dnc\",\"op\":\"eq\",\"value\":true}]}";
    }
    PlatformHttp.Response found = demo.post(contacts + "/v1/contacts/search", "{\"filter\":" + filter + ",\"pageSize\":1}");
    assertThat(found.status()).as("contact search: " + found.body()).isEqualTo(200);
    return count(found.body(), "$.total");
  }
}
