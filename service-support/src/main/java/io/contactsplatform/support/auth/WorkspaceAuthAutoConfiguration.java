package io.contactsplatform.support.auth;

import com.mongodb.reactivestreams.client.MongoClient;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/**
 * Wires API-key authentication (configured keys, the shared {@link ApiKeyStore} when a MongoDB
 * client exists and {@code platform.auth.key-store.enabled} is not false, the admin credential),
 * the {@link Workspace} controller argument and {@code GET /v1/whoami}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.mongodb.autoconfigure.MongoReactiveAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(WorkspaceAuthProperties.class)
public class WorkspaceAuthAutoConfiguration {

  @Bean
  ApiKeys apiKeys(WorkspaceAuthProperties properties) {
    return new ApiKeys(properties);
  }

  @Bean
  ApiKeyStores apiKeyStores(WorkspaceAuthProperties properties, ObjectProvider<MongoClient> client,
                            ObjectProvider<Clock> clock) {
    MongoClient mongo = client.getIfUnique();
    if (!properties.keyStore().enabled() || mongo == null) {
      return new ApiKeyStores(null);
    }
    return new ApiKeyStores(new ApiKeyStore(mongo.getDatabase(properties.keyStore().database()),
        properties.keyStore(), clock.getIfUnique(Clock::systemUTC)));
  }

  @Bean
  ApiKeyAuthenticationFilter apiKeyAuthenticationFilter(ApiKeys apiKeys, ApiKeyStores stores,
                                                        WorkspaceAuthProperties properties) {
    return new ApiKeyAuthenticationFilter(apiKeys, stores.store(),
        new AdminCredential(properties.admin().apiKeySha256(), properties.admin().apiEnabled()),
        new AuthFailureThrottle(properties.failureThrottle()));
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

  /** Holder of the optional key store (a bean may not be null). */
  public record ApiKeyStores(ApiKeyStore store) {
  }
}
