package io.contactsplatform.support.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registers {@link ApiExceptionHandler} so every service answers errors as problem details, and
 * {@link StrictJson} so every JSON request body is read strictly; unknown health paths are 404s
 * ({@link UnknownHealthPathFilter}); a NUL character in the query string is a 400
 * ({@link QueryParameterFilter}).
 *
 * <p>Runs before Boot's WebFlux auto-configuration: with {@code spring.webflux.problemdetails.enabled}
 * (every service sets it) Boot would otherwise add its own {@code ProblemDetailsExceptionHandler}
 * at a higher precedence, and its generic details ("Failed to read HTTP message", "Type mismatch.")
 * would shadow {@link ApiExceptionHandler}'s. Boot's backs off when a handler exists.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
    beforeName = "org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration")
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
  QueryParameterFilter queryParameterFilter() {
    return new QueryParameterFilter();
  }

  @Bean
  StrictJson strictJson(JsonMapper jsonMapper) {
    return new StrictJson(jsonMapper);
  }
}
