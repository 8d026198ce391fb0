package io.contactsplatform.support.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registers {@link ApiExceptionHandler} so every service answers errors as problem details, and
 * {@link StrictJson} so every JSON request body is read strictly; unknown health paths are 404s
 * ({@link UnknownHealthPathFilter}).
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class ProblemDetailsAutoConfiguration {

  @Bean
  ApiExceptionHandler apiExceptionHandler() {
    return new ApiExceptionHandler();
  }

  @Bean
  UnknownHealthPathFilter unknownHealthPathFilter() {
    return new UnknownHealthPathFilter();
  }

  @Bean
  StrictJson strictJson(JsonMapper jsonMapper) {
    return new StrictJson(jsonMapper);
  }
}
