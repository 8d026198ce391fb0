package io.contactsplatform.support.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;

/**
 * Describes the RFC 9457 error shape on every operation: adds a {@code Problem} schema, a 400 and
 * a 401 response to every operation, and gives every 4xx/5xx response an operation declares
 * (by {@code @ApiResponse(responseCode = "404", description = ...)}) the
 * {@code application/problem+json} Problem body, replacing whatever springdoc inferred. It also
 * drops header parameters named {@code Authorization} (covered by the security scheme) and component
 * schemas nothing refers to, and sorts each operation's responses by status code. Limits: it
 * cannot know which 4xx an operation really answers beyond 400/401; the controllers declare those.
 */
@SuppressWarnings("rawtypes")
class ProblemResponses implements GlobalOpenApiCustomizer {

  static final String PROBLEM = "Problem";
  static final String PROBLEM_JSON = "application/problem+json";

  private static final Map<String, String> DEFAULT_DESCRIPTIONS = Map.of(
      "400", "Malformed request: the problem's detail names the offending parameter or member",
      "401", "Missing or unknown API key");

  @Override
  public void customise(OpenAPI openApi) {
    if (openApi.getComponents() == null) {
      openApi.setComponents(new Components());
    }
    openApi.getComponents().addSchemas(PROBLEM, problemSchema());
    if (openApi.getPaths() == null) {
      return;
    }
    openApi.getPaths().values().forEach(path -> path.readOperations().forEach(ProblemResponses::customise));
    dropUnreferencedSchemas(openApi);
  }

  /**
   * Removes component schemas nothing refers to (e.g. {@code DataBuffer} of a streamed answer whose
   * documented content replaces it), repeating until every remaining one is used.
   */
  static void dropUnreferencedSchemas(OpenAPI openApi) {
    Map<String, Schema> schemas = openApi.getComponents().getSchemas();
    if (schemas == null) {
      return;
    }
    boolean removed = true;
    while (removed) {
      removed = false;
      for (String name : List.copyOf(schemas.keySet())) {
        String ref = "\"#/components/schemas/" + name + "\"";
        Schema<?> own = schemas.remove(name);
        boolean used = json(openApi.getPaths()).contains(ref) || json(schemas).contains(ref);
        if (used) {
          schemas.put(name, own);
        } else {
          removed = true;
        }
      }
    }
    openApi.getComponents().setSchemas(new TreeMap<>(schemas));
  }

  private static String json(Object value) {
    try {
      return Json31.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void customise(Operation operation) {
    if (operation.getParameters() != null) {
      operation.getParameters().removeIf(p -> "header".equals(p.getIn()) && "Authorization".equalsIgnoreCase(p.getName()));
      if (operation.getParameters().isEmpty()) {
        operation.setParameters(null);
      }
    }
    ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
    DEFAULT_DESCRIPTIONS.forEach((code, description) -> {
      if (!responses.containsKey(code)) {
        responses.addApiResponse(code, new ApiResponse().description(description));
      }
    });
    responses.forEach((code, response) -> {
      if (isError(code)) {
        response.setContent(new Content().addMediaType(PROBLEM_JSON,
            new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
      }
    });
    ApiResponses sorted = new ApiResponses();
    new TreeMap<>(responses).forEach(sorted::addApiResponse);
    operation.setResponses(sorted);
  }

  private static boolean isError(String code) {
    return code.length() == 3 && (code.charAt(0) == '4' || code.charAt(0) == '5');
  }

  private static Schema<?> problemSchema() {
    Schema<?> problem = new ObjectSchema()
        .description("RFC 9457 problem detail; further members may carry details (e.g. the conflicting id)")
        .addProperty("type", new StringSchema().format("uri-reference")
            .description("Problem type; 'about:blank' when the status says it all"))
        .addProperty("title", new StringSchema().description("Short summary of the status"))
        .addProperty("status", new IntegerSchema().description("The HTTP status code"))
        .addProperty("detail", new StringSchema().description("What was wrong, naming the field, column or row"))
        .addProperty("instance", new StringSchema().format("uri-reference").description("The request path"));
    problem.setRequired(List.of("status", "title"));
    problem.setAdditionalProperties(Boolean.TRUE);
    return problem;
  }
}
