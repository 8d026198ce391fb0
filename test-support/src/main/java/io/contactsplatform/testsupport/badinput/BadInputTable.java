package io.contactsplatform.testsupport.badinput;

import io.contactsplatform.testsupport.OpenApiSpecs;
import io.contactsplatform.testsupport.UploadFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The table-driven bad-input test of one running service (issue "Hardening"). The rows are derived
 * from the service's committed OpenAPI description ({@code docs/openapi/<service>.json}), so a new
 * operation is covered without touching the test; per operation:
 * <ul>
 *   <li>the first operation: no API key (401; only once, the services throttle failed
 *       authentications per address);</li>
 *   <li>path parameters: a percent-encoded NUL byte, a 3,000-character value, a non-number where
 *       the spec says integer;</li>
 *   <li>query and header parameters: a NUL byte and a 3,000-character value for text, a word and an
 *       out-of-range number for integers, a word for booleans, a value outside an enum, bogus
 *       cursors (not Base64, and Base64 of something we never issued);</li>
 *   <li>JSON bodies: malformed, truncated, empty, an array instead of an object, invalid UTF-8, the
 *       wrong {@code Content-Type}, a body over the service's limit, an unknown member, and for every
 *       member of the operation's valid sample body (nested ones too): a NUL character and 100,000
 *       characters in each text, the wrong JSON type where the spec declares one, an integer out of
 *       range, and an array far longer than any per-request limit;</li>
 *   <li>multipart uploads: no boundary, a truncated body, a huge and an overlong file name, no
 *       {@code file} part, the wrong {@code Content-Type}, a NUL byte in the file, a binary and a
 *       UTF-32 file, and a malformed, unknown-member or oversized {@code options} part.</li>
 * </ul>
 * Each answer must be a 4xx (413 for an oversized body), {@code application/problem+json}, with a
 * {@code detail} that is not one of Spring's generic texts and names what was wrong (the member,
 * parameter or line) where the row says so (a 404 only needs a detail: it names the missing
 * resource, e.g. for an id holding a NUL byte). Afterwards the service's health is UP and a snapshot of
 * the workspace's data (the bodies of the given list paths) is unchanged.
 *
 * <p>The test fails when an operation cannot be exercised: a path parameter without a value, or a
 * JSON body without a valid sample ({@link Builder#body}). Rows may be relaxed one by one with
 * {@link Builder#allow} (they then only must not be a 5xx; the reason is printed), never silently. Limits: members are mutated one at
 * a time from the valid sample, so rules that combine members are not explored; wrong JSON types
 * are only sent where the spec declares a type (members of free-form maps may be coerced by their
 * own rules); raw (unencoded) control bytes in the request line are not sent, Netty refuses them
 * before the application sees them.
 */
public final class BadInputTable {

  /** One bad request and what its answer must say. */
  public record Row(String operationId, String category, String method, String target, Map<String, String> headers,
                    byte[] body, int minStatus, int maxStatus, List<String> mentions) {

    String describe() {
      return operationId + " [" + category + "] " + method + " " + RawHttp.shorten(target);
    }
  }

  /** The outcome of a run: every row with its answer, and what was wrong. */
  public record Report(List<Row> rows, List<String> failures, Map<String, Integer> rowsPerOperation) {
  }

  static final String UNKNOWN_MEMBER = "zz_unknown_member";
  static final int LONG_PARAM = 3_000;
  static final int LONG_TEXT = 100_000;
  static final int LONG_LIST = 50_001;
  private static final Set<String> GENERIC_DETAILS = Set.of("Failed to read HTTP message", "Type mismatch.",
      "Invalid request content", "Invalid request content.", "Bad Request", "Not Found", "Unsupported Media Type",
      "Content Too Large", "Payload Too Large", "Internal Server Error", "Method Not Allowed", "Unauthorized");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Builder settings;
  private final JsonNode spec;
  private final List<String> coverageFailures = new ArrayList<>();
  private boolean firstOperation = true;

  private BadInputTable(Builder settings) {
    this.settings = settings;
    try {
      this.spec = JSON.readTree(Files.readString(OpenApiSpecs.committed(settings.service)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Builder forService(String service) {
    return new Builder(service);
  }

  /** Settings of a run; every operation with a JSON body needs a {@link #body}. */
  public static final class Builder {
    private final String service;
    private int port;
    private int managementPort;
    private String apiKey;
    private int maxBodyBytes = 1 << 20;
    private BiFunction<String, String, String> pathValues = (template, name) -> null;
    private final Map<String, Object> bodies = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> queries = new LinkedHashMap<>();
    private final Map<String, String> allowed = new LinkedHashMap<>();
    private final List<String> snapshotPaths = new ArrayList<>();
    private java.util.function.Predicate<String> pathFilter = template -> true;
    private java.util.function.Supplier<String> healthStatus;
    private byte[] validUpload = "phone,first_name\r\n+14155550100,Ada\r\n".getBytes(StandardCharsets.UTF_8);

    private Builder(String service) {
      this.service = service;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder managementPort(int managementPort) {
      this.managementPort = managementPort;
      return this;
    }

    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /** The service's {@code spring.http.codecs.max-in-memory-size} in bytes. */
    public Builder maxBodyBytes(int maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /** The value of path parameter {@code name} in path template {@code template} (null: none known). */
    public Builder pathValues(BiFunction<String, String, String> pathValues) {
      this.pathValues = pathValues;
      return this;
    }

    /** A valid JSON body of {@code operationId} (a Map/List tree), the base every body row mutates. */
    public Builder body(String operationId, Object sample) {
      bodies.put(operationId, sample);
      return this;
    }

    /** Query parameters every row of {@code operationId} carries unless the row replaces them. */
    public Builder query(String operationId, Map<String, String> parameters) {
      queries.put(operationId, parameters);
      return this;
    }

    /** The file part of a valid upload (default: a two-line CSV). */
    public Builder validUpload(byte[] csv) {
      this.validUpload = csv;
      return this;
    }

    /**
     * The service's health status read in process (e.g. from Boot's {@code HealthEndpoint}) instead of
     * {@code GET /actuator/health} on the management port; must answer {@code UP}.
     */
    public Builder healthStatus(java.util.function.Supplier<String> status) {
      this.healthStatus = status;
      return this;
    }

    /**
     * Only the operations whose path template passes (default: all): e.g. a service's admin paths,
     * which need another credential than a workspace key, in a run of their own.
     */
    public Builder paths(java.util.function.Predicate<String> pathFilter) {
      this.pathFilter = pathFilter;
      return this;
    }

    /** A list path whose body is part of the workspace's data snapshot (compared before and after). */
    public Builder snapshot(String path) {
      snapshotPaths.add(path);
      return this;
    }

    /**
     * Rows of {@code operationId} whose category starts with {@code categoryPrefix} only need an
     * answer that is not a 5xx (a documented exception); {@code reason} is printed with the result.
     */
    public Builder allow(String operationId, String categoryPrefix, String reason) {
      allowed.put(operationId + " " + categoryPrefix, reason);
      return this;
    }

    /** Builds every row, sends them, checks health and data; fails listing every wrong answer. */
    public Report run() {
      BadInputTable table = new BadInputTable(this);
      Report report = table.execute();
      if (!report.failures().isEmpty()) {
        throw new AssertionError(report.failures().size() + " bad-input answer(s) of " + service
            + " were wrong (" + report.rows().size() + " rows):\n  " + String.join("\n  ", report.failures()));
      }
      return report;
    }
  }

  // ---- rows -----------------------------------------------------------------------------------

  List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    JsonNode paths = spec.get("paths");
    for (String template : names(paths)) {
      if (!settings.pathFilter.test(template)) {
        continue;
      }
      JsonNode item = paths.get(template);
      for (String method : names(item)) {
        JsonNode op = item.get(method);
        if (!op.isObject() || !op.has("operationId")) {
          continue;
        }
        rows.addAll(rowsOf(template, method.toUpperCase(Locale.ROOT), op));
      }
    }
    return rows;
  }

  private List<Row> rowsOf(String template, String method, JsonNode op) {
    String id = op.get("operationId").asString();
    List<Row> rows = new ArrayList<>();
    List<JsonNode> parameters = new ArrayList<>();
    op.path("parameters").forEach(parameters::add);

    Map<String, String> pathValues = new LinkedHashMap<>();
    for (JsonNode p : parameters) {
      if ("path".equals(p.path("in").asString())) {
        String value = settings.pathValues.apply(template, p.get("name").asString());
        if (value == null) {
          coverageFailures.add(id + ": no value for path parameter {" + p.get("name").asString() + "} of " + template
              + " (give one in pathValues)");
          return rows;
        }
        pathValues.put(p.get("name").asString(), value);
      }
    }
    Map<String, String> baseQuery = settings.queries.getOrDefault(id, Map.of());

    JsonNode content = op.path("requestBody").path("content");
    boolean json = content.has("application/json");
    boolean multipart = content.has("multipart/form-data");
    boolean bodyRequired = op.path("requestBody").path("required").asBoolean(false);
    Object sample = settings.bodies.get(id);
    if (json && sample == null) {
      coverageFailures.add(id + ": no valid sample body (give one with body(\"" + id + "\", ...))");
      return rows;
    }
    byte[] baseBody = json ? JSON.writeValueAsBytes(sample) : multipart ? upload(settings.validUpload, null) : null;
    String baseType = json ? "application/json" : multipart ? "multipart/form-data; boundary=" + BOUNDARY : null;

    // an optional body is an alternative to the parameters (e.g. reason and actor in the query or in
    // a JSON body): parameter rows are sent without it, body rows without the base query
    boolean optionalBody = op.has("requestBody") && !bodyRequired;
    RowMaker make = new RowMaker(id, method, template, pathValues, baseQuery, optionalBody ? null : baseType,
        optionalBody ? null : baseBody);
    RowMaker bodyMaker = optionalBody ? new RowMaker(id, method, template, pathValues, Map.of(), baseType, baseBody)
        : make;
    if (firstOperation) {
      // one per service: more failed authentications would trip the per-address throttle (20 in 10 s)
      // and turn the 401s of the tests that run next into 429s
      rows.add(make.row("no API key", null, null, null, null, 401, 401, List.of()));
      firstOperation = false;
    }

    for (JsonNode p : parameters) {
      if (p.path("deprecated").asBoolean(false)) {
        // accepted and ignored (e.g. an actor: the caller's key name is the actor): nothing to refuse
        continue;
      }
      String name = p.get("name").asString();
      String in = p.path("in").asString();
      JsonNode schema = p.path("schema");
      String type = schema.path("type").asString("string");
      if ("path".equals(in)) {
        rows.add(make.path(name, pathValues.get(name) + "%00", "path NUL " + name, List.of()));
        rows.add(make.path(name, "x".repeat(LONG_PARAM), "path oversized " + name, List.of()));
        if ("integer".equals(type)) {
          rows.add(make.path(name, "abc", "path wrong type " + name, List.of(name)));
          rows.add(make.path(name, "99999999999999999999", "path out of range " + name, List.of(name)));
        }
      } else if ("query".equals(in)) {
        for (Map.Entry<String, String> bad : badValues(name, type, schema).entrySet()) {
          rows.add(make.query(name, bad.getValue(), "query " + bad.getKey() + " " + name, List.of(name)));
        }
      } else if ("header".equals(in) && !"Authorization".equalsIgnoreCase(name)) {
        rows.add(make.header(name, "x".repeat(LONG_PARAM), "header oversized " + name,
            List.of(name, name.replaceFirst("^X-", ""))));
        if ("If-Match".equalsIgnoreCase(name)) {
          rows.add(make.header(name, "\"not-a-version\"", "header wrong type " + name, List.of(name)));
        }
      }
    }

    if (json) {
      rows.addAll(jsonRows(bodyMaker, sample, op.path("requestBody").path("content").path("application/json")
          .path("schema"), bodyRequired));
    }
    if (multipart) {
      rows.addAll(multipartRows(bodyMaker));
    }
    return rows;
  }

  private Map<String, String> badValues(String name, String type, JsonNode schema) {
    Map<String, String> bad = new LinkedHashMap<>();
    switch (type) {
      case "integer", "number" -> {
        bad.put("wrong type", "abc");
        bad.put("out of range", "99999999999999999999");
      }
      case "boolean" -> bad.put("wrong type", "maybe");
      default -> {
        bad.put("NUL", "a%00b");
        bad.put("oversized", "x".repeat(LONG_PARAM));
        if (schema.has("enum")) {
          bad.put("not in enum", "NOT_A_VALUE");
        }
        if ("cursor".equals(name)) {
          bad.put("bogus cursor", "not!a!cursor");
          bad.put("forged cursor", Base64.getUrlEncoder().withoutPadding()
              .encodeToString("{\"forged\":\u0001}".getBytes(StandardCharsets.UTF_8)));
        }
      }
    }
    return bad;
  }

  private List<Row> jsonRows(RowMaker make, Object sample, JsonNode schema, boolean required) {
    List<Row> rows = new ArrayList<>();
    rows.add(make.body("malformed JSON", "application/json", utf8("{\"" + UNKNOWN_MEMBER + "\": }"), List.of("line")));
    byte[] whole = JSON.writeValueAsBytes(sample);
    rows.add(make.body("truncated JSON", "application/json", java.util.Arrays.copyOf(whole, Math.max(1, whole.length / 2)),
        List.of("line")));
    if (required) {
      rows.add(make.body("empty body", "application/json", new byte[0], List.of("request body")));
    }
    rows.add(make.body("wrong type: array for object", "application/json", utf8("[1]"), List.of("request body")));
    rows.add(make.body("wrong type: string for object", "application/json", utf8("\"text\""), List.of("request body")));
    ByteArrayOutputStream latin1 = new ByteArrayOutputStream();
    latin1.writeBytes(utf8("{\"name\": \"caf"));
    latin1.write(0xE9);
    latin1.writeBytes(utf8("\"}"));
    rows.add(make.body("wrong encoding: Latin-1 bytes as UTF-8", "application/json", latin1.toByteArray(),
        List.of("UTF-8", "line")));
    rows.add(make.body("wrong encoding: UTF-16 declared as text/plain", "text/plain; charset=UTF-16",
        JSON.writeValueAsString(sample).getBytes(StandardCharsets.UTF_16), List.of("Content-Type", "text/plain")));
    rows.add(make.row("oversized body", null, null, "application/json",
        utf8("{\"" + UNKNOWN_MEMBER + "\": \"" + "x".repeat(settings.maxBodyBytes) + "\"}"), 413, 413,
        List.of(String.valueOf(settings.maxBodyBytes))));
    if (sample instanceof Map<?, ?> map) {
      Map<String, Object> unknown = new LinkedHashMap<>(copy(map));
      unknown.put(UNKNOWN_MEMBER, 1);
      rows.add(make.json("unknown member", unknown, List.of(UNKNOWN_MEMBER)));
    }
    mutate(make, sample, new ArrayList<>(), schema, rows);
    return rows;
  }

  /** Rows replacing one member of the sample at a time (depth first). */
  private void mutate(RowMaker make, Object sample, List<Object> path, JsonNode schema, List<Row> rows) {
    Object node = at(sample, path);
    if (node instanceof Map<?, ?> map) {
      for (Object key : map.keySet()) {
        List<Object> child = new ArrayList<>(path);
        child.add(key);
        JsonNode childSchema = property(schema, key.toString());
        mutateValue(make, sample, child, childSchema, rows);
      }
    }
  }

  private void mutateValue(RowMaker make, Object sample, List<Object> path, JsonNode schema, List<Row> rows) {
    Object value = at(sample, path);
    String where = render(path);
    String mention = nearestName(path);
    String type = schema == null ? null : schema.path("type").asString(null);
    if (value instanceof String text) {
      rows.add(make.json("NUL in " + where, replace(sample, path, text + "\u0000x"), List.of(mention)));
      rows.add(make.json("oversized " + where, replace(sample, path, "x".repeat(LONG_TEXT)), List.of(mention)));
      if ("string".equals(type)) {
        rows.add(make.json("wrong type " + where, replace(sample, path, 12345), List.of(mention)));
      }
    } else if (value instanceof Number) {
      if ("integer".equals(type) || "number".equals(type)) {
        rows.add(make.json("wrong type " + where, replace(sample, path, "12"), List.of(mention)));
        rows.add(make.json("out of range " + where, replace(sample, path, new java.math.BigInteger("99999999999999999999")),
            List.of(mention)));
      }
    } else if (value instanceof Boolean) {
      if ("boolean".equals(type)) {
        rows.add(make.json("wrong type " + where, replace(sample, path, "yes"), List.of(mention)));
      }
    } else if (value instanceof List<?> list) {
      if ("array".equals(type)) {
        rows.add(make.json("wrong type " + where, replace(sample, path, "x"), List.of(mention)));
      }
      if (!list.isEmpty()) {
        int elementBytes = JSON.writeValueAsBytes(list.get(0)).length + 1;
        int count = Math.min(LONG_LIST, (settings.maxBodyBytes - 16 * 1024) / elementBytes);
        rows.add(make.json("too many elements in " + where + " (" + count + ")",
            replace(sample, path, Collections.nCopies(count, list.get(0))), List.of(mention)));
        List<Object> first = new ArrayList<>(path);
        first.add(0);
        JsonNode items = schema == null ? null : resolve(schema.path("items"));
        mutateValue(make, sample, first, items, rows);
      }
    } else if (value instanceof Map<?, ?>) {
      if ("object".equals(type) && schema.has("properties")) {
        rows.add(make.json("wrong type " + where, replace(sample, path, "x"), List.of(mention)));
      }
      mutate(make, sample, path, schema, rows);
    }
  }

  private List<Row> multipartRows(RowMaker make) {
    List<Row> rows = new ArrayList<>();
    for (UploadFixtures.MalformedUpload bad : UploadFixtures.malformedMultipart()) {
      rows.add(make.row("multipart " + bad.name(), null, null, bad.contentType(), bad.body(), bad.status(),
          bad.status(), List.of(bad.detailContains())));
    }
    rows.add(make.body("multipart wrong Content-Type", "application/json", utf8("{}"),
        List.of("Content-Type", "application/json")));
    rows.add(make.body("multipart no file part", "multipart/form-data; boundary=" + BOUNDARY,
        optionsOnly("{}"), List.of("file")));
    byte[] withNul = settings.validUpload.clone();
    withNul[withNul.length - 3] = 0;
    rows.add(make.upload("file with a NUL byte", withNul, null, List.of("NUL")));
    byte[] png = new byte[2048];
    new java.util.Random(7).nextBytes(png);
    System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, 0, png, 0, 8);
    rows.add(make.upload("binary file (PNG)", png, null, List.of()));
    ByteArrayOutputStream utf32 = new ByteArrayOutputStream();
    utf32.writeBytes(new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF});
    utf32.writeBytes(new String(settings.validUpload, StandardCharsets.UTF_8).getBytes(java.nio.charset.Charset.forName("UTF-32BE")));
    rows.add(make.upload("wrong encoding: UTF-32 file", utf32.toByteArray(), null, List.of()));
    rows.add(make.upload("options malformed JSON", settings.validUpload, "{\"campaignId\": ", List.of("options")));
    rows.add(make.upload("options unknown member", settings.validUpload, "{\"" + UNKNOWN_MEMBER + "\": 1}",
        List.of(UNKNOWN_MEMBER)));
    rows.add(make.upload("options oversized", settings.validUpload,
        "{\"" + UNKNOWN_MEMBER + "\": \"" + "x".repeat((1 << 20) + 10) + "\"}", List.of("options")));
    rows.add(make.upload("options NUL", settings.validUpload, "{\"" + UNKNOWN_MEMBER + "\": \"a\\u0000\"}",
        List.of(UNKNOWN_MEMBER, "options")));
    return rows;
  }

  static final String BOUNDARY = "badinput-boundary";

  static byte[] upload(byte[] file, String options) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(utf8("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bad.csv\"\r\n"
        + "Content-Type: text/csv\r\n\r\n"));
    out.writeBytes(file);
    out.writeBytes(utf8("\r\n"));
    if (options != null) {
      out.writeBytes(utf8("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"options\"\r\n"
          + "Content-Type: application/json\r\n\r\n" + options + "\r\n"));
    }
    out.writeBytes(utf8("--" + BOUNDARY + "--\r\n"));
    return out.toByteArray();
  }

  private static byte[] optionsOnly(String options) {
    return utf8("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"options\"\r\n"
        + "Content-Type: application/json\r\n\r\n" + options + "\r\n--" + BOUNDARY + "--\r\n");
  }

  /** Builds the rows of one operation around its valid request. */
  private final class RowMaker {
    private final String id;
    private final String method;
    private final String template;
    private final Map<String, String> pathValues;
    private final Map<String, String> query;
    private final String baseType;
    private final byte[] baseBody;

    RowMaker(String id, String method, String template, Map<String, String> pathValues, Map<String, String> query,
             String baseType, byte[] baseBody) {
      this.id = id;
      this.method = method;
      this.template = template;
      this.pathValues = pathValues;
      this.query = query;
      this.baseType = baseType;
      this.baseBody = baseBody;
    }

    private String target(Map<String, String> values, Map<String, String> parameters) {
      String path = template;
      for (Map.Entry<String, String> v : values.entrySet()) {
        path = path.replace("{" + v.getKey() + "}", v.getValue());
      }
      if (parameters.isEmpty()) {
        return path;
      }
      return path + "?" + parameters.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining("&"));
    }

    Row row(String category, Map<String, String> values, Map<String, String> parameters, String contentType,
            byte[] body, int min, int max, List<String> mentions) {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Authorization", "Bearer " + settings.apiKey);
      headers.put("Accept", "application/json");
      String type = body == null && contentType == null ? baseType : contentType;
      byte[] payload = body == null && contentType == null ? baseBody : body;
      if (type != null) {
        headers.put("Content-Type", type);
      }
      return new Row(id, category, method, target(values == null ? pathValues : values,
          parameters == null ? query : parameters), headers, payload, min, max, mentions);
    }

    Row path(String name, String value, String category, List<String> mentions) {
      Map<String, String> values = new LinkedHashMap<>(pathValues);
      values.put(name, value);
      return row(category, values, null, null, null, 400, 499, mentions);
    }

    Row query(String name, String value, String category, List<String> mentions) {
      Map<String, String> parameters = new LinkedHashMap<>(query);
      parameters.put(name, value);
      return row(category, null, parameters, null, null, 400, 499, mentions);
    }

    Row header(String name, String value, String category, List<String> mentions) {
      Row row = row(category, null, null, null, null, 400, 499, mentions);
      row.headers().put(name, value);
      return row;
    }

    Row body(String category, String contentType, byte[] body, List<String> mentions) {
      return row(category, null, null, contentType, body, 400, 499, mentions);
    }

    Row json(String category, Object document, List<String> mentions) {
      return body(category, "application/json", JSON.writeValueAsBytes(document), mentions);
    }

    Row upload(String category, byte[] file, String options, List<String> mentions) {
      return body(category, "multipart/form-data; boundary=" + BOUNDARY, BadInputTable.upload(file, options), mentions);
    }
  }

  // ---- running --------------------------------------------------------------------------------

  private Report execute() {
    List<Row> rows = rows();
    List<String> failures = new ArrayList<>(coverageFailures);
    Map<String, Integer> perOperation = new TreeMap<>();
    for (Row row : rows) {
      perOperation.merge(row.operationId(), 1, Integer::sum);
    }
    for (String operation : operationIds()) {
      if (takesInput(operation) && perOperation.getOrDefault(operation, 0) < 1) {
        failures.add(operation + ": not exercised (no bad-input row)");
      }
    }
    String before = snapshot();
    for (Row row : rows) {
      String failure = check(row);
      if (failure != null) {
        failures.add(failure);
      }
    }
    String health = health();
    if (health != null) {
      failures.add(health);
    }
    String after = snapshot();
    if (!before.equals(after)) {
      failures.add("the workspace's data changed: before " + RawHttp.shorten(before) + "\n    after  "
          + RawHttp.shorten(after) + "\n    first difference at " + firstDifference(before, after));
    }
    System.out.printf("bad-input table of %s: %d rows over %d operations, %d failure(s)%n", settings.service,
        rows.size(), perOperation.size(), failures.size());
    settings.allowed.forEach((row, reason) -> System.out.println("  relaxed: " + row + ": " + reason));
    return new Report(rows, failures, perOperation);
  }

  /** Whether the operation declares parameters or a body (else the missing key is all there is to send). */
  private boolean takesInput(String operationId) {
    JsonNode paths = spec.get("paths");
    for (String template : names(paths)) {
      for (String method : names(paths.get(template))) {
        JsonNode op = paths.get(template).get(method);
        if (op.isObject() && operationId.equals(op.path("operationId").asString(null))) {
          return !op.path("parameters").isEmpty() || op.has("requestBody");
        }
      }
    }
    return false;
  }

  private List<String> operationIds() {
    List<String> ids = new ArrayList<>();
    JsonNode paths = spec.get("paths");
    for (String template : names(paths)) {
      if (!settings.pathFilter.test(template)) {
        continue;
      }
      for (String method : names(paths.get(template))) {
        JsonNode op = paths.get(template).get(method);
        if (op.isObject() && op.has("operationId")) {
          ids.add(op.get("operationId").asString());
        }
      }
    }
    return ids;
  }

  private String check(Row row) {
    RawHttp.Response response;
    try {
      Map<String, String> headers = new LinkedHashMap<>(row.headers());
      if (row.category().equals("no API key")) {
        headers.remove("Authorization");
      }
      response = RawHttp.send(settings.port, row.method(), row.target(), headers, row.body());
    } catch (RuntimeException e) {
      return row.describe() + ": no answer (" + e.getMessage() + ")";
    }
    String detail = detail(response);
    String got = " -> " + response.status() + " " + RawHttp.shorten(String.valueOf(detail));
    if (response.status() >= 500) {
      return row.describe() + got + " (a 5xx)";
    }
    String relaxed = relaxedBy(row);
    if (relaxed != null) {
      return null;
    }
    if (response.status() < row.minStatus() || response.status() > row.maxStatus()) {
      return row.describe() + got + " (expected " + (row.minStatus() == row.maxStatus() ? row.minStatus()
          : row.minStatus() + "-" + row.maxStatus()) + ")";
    }
    String type = response.header("content-type");
    if (type == null || !type.startsWith("application/problem+json")) {
      return row.describe() + got + " (content type " + type + ", not application/problem+json)";
    }
    if (detail == null || detail.isBlank() || GENERIC_DETAILS.contains(detail.strip())) {
      return row.describe() + got + " (no detail naming what was wrong)";
    }
    // a 404 names the thing that does not exist (an id no record can have): enough
    if (relaxed == null && response.status() != 404 && !row.mentions().isEmpty() && row.mentions().stream()
        .noneMatch(m -> detail.toLowerCase(Locale.ROOT).contains(m.toLowerCase(Locale.ROOT)))) {
      return row.describe() + got + " (the detail names none of " + row.mentions() + ")";
    }
    return null;
  }

  private String relaxedBy(Row row) {
    for (Map.Entry<String, String> allowed : settings.allowed.entrySet()) {
      if ((row.operationId() + " " + row.category()).startsWith(allowed.getKey())) {
        return allowed.getValue();
      }
    }
    return null;
  }

  private static String detail(RawHttp.Response response) {
    try {
      JsonNode problem = JSON.readTree(response.body());
      return problem.has("detail") && !problem.get("detail").isNull() ? problem.get("detail").asString() : null;
    } catch (RuntimeException notJson) {
      return response.body().length == 0 ? null : "<not JSON> " + RawHttp.shorten(response.text());
    }
  }

  private String health() {
    if (settings.healthStatus != null) {
      String status = settings.healthStatus.get();
      return "UP".equals(status) ? null : "health after the run: " + status;
    }
    try {
      RawHttp.Response health = RawHttp.send(settings.managementPort, "GET", "/actuator/health", Map.of(), null);
      if (health.status() != 200 || !health.text().contains("\"status\":\"UP\"")) {
        return "health after the run: " + health.status() + " " + RawHttp.shorten(health.text());
      }
      return null;
    } catch (RuntimeException e) {
      return "health after the run: no answer (" + e.getMessage() + ")";
    }
  }

  private String snapshot() {
    StringBuilder all = new StringBuilder();
    for (String path : settings.snapshotPaths) {
      RawHttp.Response response = RawHttp.send(settings.port, "GET", path,
          Map.of("Authorization", "Bearer " + settings.apiKey, "Accept", "application/json"), null);
      if (response.status() != 200) {
        throw new AssertionError("snapshot " + path + ": " + response.status() + " " + response.text());
      }
      all.append(path).append(" => ").append(response.text()).append('\n');
    }
    return all.toString();
  }

  private static String firstDifference(String a, String b) {
    int i = 0;
    while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    int from = Math.max(0, i - 60);
    return "character " + i + ": before '" + a.substring(from, Math.min(a.length(), i + 60)) + "' after '"
        + b.substring(from, Math.min(b.length(), i + 60)) + "'";
  }

  // ---- JSON trees -----------------------------------------------------------------------------

  private JsonNode resolve(JsonNode schema) {
    if (schema == null || schema.isMissingNode()) {
      return null;
    }
    JsonNode ref = schema.get("$ref");
    if (ref != null) {
      String name = ref.asString().substring(ref.asString().lastIndexOf('/') + 1);
      return spec.path("components").path("schemas").path(name);
    }
    return schema;
  }

  private JsonNode property(JsonNode schema, String name) {
    JsonNode resolved = resolve(schema);
    if (resolved == null) {
      return null;
    }
    JsonNode property = resolved.path("properties").path(name);
    return property.isMissingNode() ? null : resolve(property);
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.properties().forEach(e -> names.add(e.getKey()));
    return names;
  }

  private static Object at(Object root, List<Object> path) {
    Object node = root;
    for (Object step : path) {
      node = step instanceof Integer i ? ((List<?>) node).get(i) : ((Map<?, ?>) node).get(step);
    }
    return node;
  }

  /** A deep copy of {@code root} with the value at {@code path} replaced. */
  @SuppressWarnings("unchecked")
  private static Object replace(Object root, List<Object> path, Object value) {
    if (path.isEmpty()) {
      return value;
    }
    Object step = path.get(0);
    List<Object> rest = path.subList(1, path.size());
    if (step instanceof Integer i) {
      List<Object> list = new ArrayList<>((List<Object>) root);
      list.set(i, replace(list.get(i), rest, value));
      return list;
    }
    Map<String, Object> map = copy((Map<?, ?>) root);
    map.put(step.toString(), replace(map.get(step.toString()), rest, value));
    return map;
  }

  private static Map<String, Object> copy(Map<?, ?> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(k.toString(), v));
    return copy;
  }

  private static String render(List<Object> path) {
    StringBuilder out = new StringBuilder();
    for (Object step : path) {
      if (step instanceof Integer i) {
        out.append('[').append(i).append(']');
      } else {
        out.append(out.isEmpty() ? "" : ".").append(step);
      }
    }
    return out.toString();
  }

  private static String nearestName(List<Object> path) {
    for (int i = path.size() - 1; i >= 0; i--) {
      if (!(path.get(i) instanceof Integer)) {
        return path.get(i).toString();
      }
    }
    return "request body";
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
