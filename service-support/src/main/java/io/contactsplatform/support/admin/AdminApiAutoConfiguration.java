package io.contactsplatform.support.admin;

import io.contactsplatform.support.auth.ApiKeys;
import io.contactsplatform.support.auth.WorkspaceAuthAutoConfiguration;
import io.contactsplatform.support.auth.WorkspaceAuthAutoConfiguration.ApiKeyStores;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * The admin API ({@link AdminController}) on a service that sets
 * {@code platform.auth.admin.api-enabled=true}: needs the shared key store. Declares the key
 * store's unique indexes and records the configured workspaces at start-up, and adds the
 * {@value #ADMIN_AUTH} security scheme to the service's OpenAPI description.
 */
@AutoConfiguration(after = WorkspaceAuthAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnProperty(name = "platform.auth.admin.api-enabled", havingValue = "true")
public class AdminApiAutoConfiguration {

  /** Name of the admin API's security scheme. */
  public static final String ADMIN_AUTH = "adminAuth";

  private static final Logger log = LoggerFactory.getLogger(AdminApiAutoConfiguration.class);

  @Bean
  KeyAdministration keyAdministration(ApiKeyStores stores, ApiKeys apiKeys) {
    if (stores.store() == null) {
      throw new IllegalStateException("platform.auth.admin.api-enabled needs the key store "
          + "(a MongoDB client and platform.auth.key-store.enabled not false)");
    }
    KeyAdministration administration = new KeyAdministration(stores.store(), apiKeys);
    administration.declareIndexes().then(administration.bootstrap())
        .timeout(Duration.ofMinutes(1))
        .subscribe(null, e -> log.warn("could not prepare the key store: {}", e.toString()));
    return administration;
  }

  @Bean
  AdminController adminController(KeyAdministration administration) {
    return new AdminController(administration);
  }

  @Bean
  @ConditionalOnClass(name = "org.springdoc.core.customizers.OpenApiCustomizer")
  OpenApiCustomizer adminSecurityScheme() {
    return api -> api.getComponents().addSecuritySchemes(ADMIN_AUTH, new SecurityScheme()
        .type(SecurityScheme.Type.HTTP)
        .scheme("bearer")
        .description("The platform admin credential: 'Authorization: Bearer <admin key>'. "
            + "Only /v1/admin/** accepts it; workspace API keys get 403 there."));
  }
}
