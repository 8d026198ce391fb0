package io.contactsplatform.support.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/** Registers {@link ApiExceptionHandler} so every service answers errors as problem details. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class ProblemDetailsAutoConfiguration {

  @Bean
  ApiExceptionHandler apiExceptionHandler() {
    return new ApiExceptionHandler();
  }
}
