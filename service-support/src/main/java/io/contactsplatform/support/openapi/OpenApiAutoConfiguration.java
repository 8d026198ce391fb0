package io.contactsplatform.support.openapi;

import io.contactsplatform.support.auth.Workspace;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The OpenAPI 3.1 description every service serves (path set by {@code springdoc.api-docs.path},
 * {@code /v1/openapi.json} in each service's application.yml; behind the API-key filter like every
 * other path): title and server from {@link OpenApiProperties}, the {@code bearerAuth} scheme
 * required globally, and problem-detail error responses added by {@link ProblemResponses}.
 * The {@link Workspace} controller argument is hidden (it comes from the key, not the request).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(OpenAPI.class)
@EnableConfigurationProperties(OpenApiProperties.class)
public class OpenApiAutoConfiguration {

  /** Name of the security scheme every operation requires. */
  public static final String BEARER_AUTH = "bearerAuth";

  static {
    SpringDocUtils.getConfig().addRequestWrapperToIgnore(Workspace.class);
  }

  @Bean
  OpenAPI serviceOpenApi(OpenApiProperties properties, @Value("${spring.application.name:service}") String name) {
    OpenAPI api = new OpenAPI()
        .info(new Info()
            .title(properties.title() == null ? name : properties.title())
            .version(properties.version())
            .description(properties.description()))
        .components(new Components().addSecuritySchemes(BEARER_AUTH, new SecurityScheme()
            .type(SecurityScheme.Type.HTTP)
            .scheme("bearer")
            .description("The workspace's API key: 'Authorization: Bearer <api key>'. "
                + "Every request acts in the key's workspace.")))
        .addSecurityItem(new SecurityRequirement().addList(BEARER_AUTH));
    if (properties.serverUrl() != null && !properties.serverUrl().isBlank()) {
      api.servers(List.of(new Server().url(properties.serverUrl())));
    }
    return api;
  }

  @Bean
  GlobalOpenApiCustomizer problemResponses() {
    return new ProblemResponses();
  }
}
