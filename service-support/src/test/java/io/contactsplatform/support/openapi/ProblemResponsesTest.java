package io.contactsplatform.support.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.QueryParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemResponsesTest {

  @Test
  void shouldAddProblemErrorsDropTheAuthorizationHeaderAndUnusedSchemas() {
    Operation get = new Operation().operationId("getThing")
        .parameters(new ArrayList<>(List.of(new HeaderParameter().name("Authorization"), new QueryParameter().name("q"))))
        .responses(new ApiResponses()
            .addApiResponse("404", new ApiResponse().description("gone")
                .content(json("Thing")))
            .addApiResponse("200", new ApiResponse().description("OK").content(json("Thing"))));
    OpenAPI api = new OpenAPI()
        .components(new Components().addSchemas("Thing", new ObjectSchema()).addSchemas("DataBuffer", new ObjectSchema()))
        .paths(new Paths().addPathItem("/v1/things/{id}", new PathItem().get(get)));

    new ProblemResponses().customise(api);

    assertThat(get.getResponses()).containsOnlyKeys("200", "400", "401", "404");
    assertThat(List.copyOf(get.getResponses().keySet())).containsExactly("200", "400", "401", "404");
    for (String code : List.of("400", "401", "404")) {
      assertThat(get.getResponses().get(code).getContent()).containsOnlyKeys("application/problem+json");
      assertThat(get.getResponses().get(code).getContent().get("application/problem+json").getSchema().get$ref())
          .isEqualTo("#/components/schemas/Problem");
    }
    assertThat(get.getResponses().get("200").getContent()).containsOnlyKeys("application/json");
    assertThat(get.getParameters()).extracting(p -> p.getName()).containsExactly("q");
    assertThat(api.getComponents().getSchemas()).containsOnlyKeys("Problem", "Thing");
    assertThat(api.getComponents().getSchemas().get("Problem").getProperties())
        .containsOnlyKeys("type", "title", "status", "detail", "instance");
  }

  private static Content json(String schema) {
    return new Content().addMediaType("application/json",
        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + schema)));
  }
}
