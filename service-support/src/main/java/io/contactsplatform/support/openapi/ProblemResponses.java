package io.contactsplatform.support.openapi;

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
 * a 401 response to every operation, and gives every other 4xx/5xx response an operation declares
 * (by {@code @ApiResponse(responseCode = "404", description = ...)}, without content) the
 * {@code application/problem+json} Problem body. It also drops header parameters named
 * {@code Authorization} (covered by the security scheme) and sorts each operation's responses by
 * status code. Limits: it cannot know which 4xx an operation really answers beyond 400/401; the
 * controllers declare those.
 */
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
      if (isError(code) && (response.getContent() == null || response.getContent().isEmpty())) {
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

  @SuppressWarnings("rawtypes")
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
