package io.contactsplatform.support.auth;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/** Wires API-key authentication, the {@link Workspace} controller argument and {@code GET /v1/whoami}. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(WorkspaceAuthProperties.class)
public class WorkspaceAuthAutoConfiguration {

  @Bean
  ApiKeys apiKeys(WorkspaceAuthProperties properties) {
    return new ApiKeys(properties);
  }

  @Bean
  ApiKeyAuthenticationFilter apiKeyAuthenticationFilter(ApiKeys apiKeys, WorkspaceAuthProperties properties) {
    return new ApiKeyAuthenticationFilter(apiKeys, new AuthFailureThrottle(properties.failureThrottle()));
  }

  @Bean
  WhoAmIController whoAmIController() {
    return new WhoAmIController();
  }

  @Bean
  WebFluxConfigurer workspaceArgumentConfigurer() {
    return new WebFluxConfigurer() {
      @Override
      public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
        configurer.addCustomResolver(new WorkspaceArgumentResolver());
      }
    };
  }
}
